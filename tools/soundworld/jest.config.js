module.exports = { ...require('../../jest.preset.js'), displayName: 'soundworld', rootDir: __dirname };
