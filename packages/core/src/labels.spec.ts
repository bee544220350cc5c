import { labelPhrase } from './labels';

describe('labelPhrase', () => {
  it('turns dataset labels into the words a prompt uses, nothing else', () => {
    expect(labelPhrase('crying_baby')).toBe('crying baby');
    expect(labelPhrase('door_wood_knock')).toBe('door wood knock');
    expect(labelPhrase('Dog')).toBe('Dog');
  });
});
