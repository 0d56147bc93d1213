import { en, es, getStrings, mergeMissingStrings, template } from '../../src/strings';

describe('strings', () => {
  it('has the same keys in every language, all prefixed LeavePause', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(key).toMatch(/^LeavePause/);
    expect(en.LeavePauseLeaveButton).toBe('Leave');
    expect(en.LeavePauseLeaveBusy).toBe('Leaving…');
  });

  it('picks the language from a locale tag and falls back to English', () => {
    expect(getStrings('es-MX')).toBe(es);
    expect(getStrings('es_419')).toBe(es);
    expect(getStrings('ES')).toBe(es);
    expect(getStrings('fr-FR')).toBe(en);
    expect(getStrings(undefined)).toBe(en);
  });

  it('fills {{placeholders}} and leaves unknown ones visible', () => {
    expect(template(en.LeavePauseLeaveFailed, { message: 'Task is not assigned' })).toBe(
      'Could not leave the conversation: Task is not assigned',
    );
    expect(template('{{ a }}-{{b}}-{{c}}', { a: 1, b: 'x' })).toBe('1-x-{{c}}');
    expect(template('{{toString}}', {})).toBe('{{toString}}');
    expect(template('$& {{m}}', { m: '$1' })).toBe('$& $1');
  });

  it('merges only missing keys so admin translations survive', () => {
    const target: Record<string, string> = { LeavePauseLeaveButton: 'Abandon', TaskHeaderLine: 'x' };
    const added = mergeMissingStrings(target, en);
    expect(target.LeavePauseLeaveButton).toBe('Abandon');
    expect(target.TaskHeaderLine).toBe('x');
    expect(target.LeavePausePauseButton).toBe('Pause');
    expect(added).not.toContain('LeavePauseLeaveButton');
    expect(added).toHaveLength(Object.keys(en).length - 1);
  });
});
