import { itWithNumpy, pythonStatus, runNumpy, runPythonJson } from './python';

describe('the Python reference runner', () => {
  it('reports a module that does not exist as unavailable, with the reason', () => {
    const st = pythonStatus(['no_such_module_zsaudit']);
    expect(st.ok).toBe(false);
    expect(st.reason).toMatch(/no_such_module_zsaudit|not found/);
  });

  itWithNumpy('exchanges float64 arrays with numpy, shapes included', () => {
    const { outs, shapes } = runNumpy(
      'outs = [ins[0].reshape(2, 2).T, np.array([args["k"] * ins[0].sum()])]',
      [[1, 2, 3, 4]],
      { k: 0.5 },
    );
    expect(shapes).toEqual([[2, 2], [1]]);
    expect(Array.from(outs[0])).toEqual([1, 3, 2, 4]);
    expect(Array.from(outs[1])).toEqual([5]);
  });

  itWithNumpy('passes argv and parses JSON output; a failing script is an error with its stderr', () => {
    expect(runPythonJson('import sys, json; print(json.dumps(sys.argv[1:]))', ['a', 'b'])).toEqual([
      'a',
      'b',
    ]);
    expect(() => runPythonJson('raise ValueError("boom")')).toThrow(/boom/);
  });
});
