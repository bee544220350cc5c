/**
 * @zsaudit/testing (private): what the workspace's specs share: typed-array closeness with messages that name the
 * element, the Python reference runner that fails rather than skips under CI=true, fixture writers, and the jest
 * environment (jest/typed-array-environment.js).
 */
export { expectClose, expectArraysClose, maxAbsDiff, relativeError, type Tolerance } from './close';
export {
  PYTHON,
  pythonStatus,
  itWithPython,
  itWithNumpy,
  itWithScipy,
  itWithSklearn,
  runNumpy,
  runPythonJson,
  type PythonStatus,
} from './python';
export { tempDir, writeFixtureFiles, testFloats, SHARED_DATA, sharedDataPath } from './fixtures';
