import { describe, expect, it } from 'vitest';
import { dueGroup, groupByDue } from './todo-groups';

// Wednesday 3 December 2026, 10:00 local time.
const now = new Date(2026, 11, 2 + 1, 10, 0);
const at = (day: number, hour = 9) => new Date(2026, 11, day, hour, 0).toISOString();

describe('to-dos grouped by due date', () => {
  it('puts a to-do past due in 逾期, one due later today in 今天, by Sunday in 本周, after that in 以后, without a date in 无期限', () => {
    expect(dueGroup(at(1), now)).toBe('overdue');
    expect(dueGroup(at(3, 9), now)).toBe('overdue');
    expect(dueGroup(at(3, 18), now)).toBe('today');
    expect(dueGroup(at(4), now)).toBe('week');
    expect(dueGroup(at(6, 23), now)).toBe('week');
    expect(dueGroup(at(7), now)).toBe('later');
    expect(dueGroup(null, now)).toBe('none');
  });

  it('on a Sunday, the week is over by midnight', () => {
    const sunday = new Date(2026, 11, 6, 10, 0);
    expect(dueGroup(at(6, 20), sunday)).toBe('today');
    expect(dueGroup(at(7, 9), sunday)).toBe('later');
  });

  it('lists the groups in order, soonest first, leaving out empty ones', () => {
    const todos = [
      { id: 'b', due_at: null, created_at: at(1) },
      { id: 'c', due_at: at(5), created_at: at(1) },
      { id: 'a', due_at: at(2), created_at: at(1) },
      { id: 'd', due_at: at(4), created_at: at(1) },
    ];
    expect(groupByDue(todos, now).map((g) => [g.group, g.todos.map((t) => t.id)])).toEqual([
      ['overdue', ['a']],
      ['week', ['d', 'c']],
      ['none', ['b']],
    ]);
  });
});
