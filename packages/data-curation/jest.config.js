module.exports = { ...require('../../jest.preset.js'), displayName: 'data-curation', rootDir: __dirname };
