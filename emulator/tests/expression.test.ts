import { evaluateExpression, ExpressionError, validateExpression } from '../src/routing/expression';

const task = {
  type: 'support',
  priority: 5,
  skills: ['en', 'es'],
  leavePause: { resumeWorkerSid: 'WK1' },
  vip: true,
};
const worker = { sid: 'WK1', languages: ['en'], level: 3, team: 'blue' };
const scope = { root: worker, named: { task, worker } };

describe('TaskRouter expression evaluator', () => {
  test.each([
    ['1==1', true],
    ['1==2', false],
    ["task.type == 'support'", true],
    ['task.type == "sales"', false],
    ["task.type != 'sales'", true],
    ['task.priority > 4', true],
    ['task.priority >= 5 AND task.priority <= 5', true],
    ['task.priority < 5', false],
    ["task.skills HAS 'es'", true],
    ["task.skills HAS 'fr'", false],
    ["team IN ['red', 'blue']", true],
    ["task.type IN ['a', 'b']", false],
    ["task.type CONTAINS 'port'", true],
    ['task.leavePause.resumeWorkerSid == worker.sid', true],
    ['task.missing.deep == null', true],
    ['task.missing == null', true],
    ['NOT (task.vip == true)', false],
    ['!(task.vip == false)', true],
    ['task.vip == true and level > 2', true],
    ['task.vip == false or level > 2', true],
    ['task.vip == false || level > 5', false],
    ['task.vip == true && (level > 5 OR team == "blue")', true],
    ["task.type NOT IN ['sales']", true],
    ['task.vip', true],
    ["worker.languages HAS 'en'", true],
  ])('%s -> %s', (expr, expected) => {
    expect(evaluateExpression(expr, scope)).toBe(expected);
  });

  test('workers.available for skip_if', () => {
    expect(evaluateExpression('workers.available == 0', { named: { workers: { available: 0 } } })).toBe(true);
    expect(evaluateExpression('workers.available == 0', { named: { workers: { available: 2 } } })).toBe(
      false,
    );
  });

  test('syntax errors throw', () => {
    expect(() => validateExpression('task.type ==')).toThrow(ExpressionError);
    expect(() => validateExpression('(1==1')).toThrow(ExpressionError);
    expect(() => validateExpression("task.type == 'x")).toThrow(ExpressionError);
  });

  test('empty expression matches', () => {
    expect(evaluateExpression('  ', {})).toBe(true);
  });
});
