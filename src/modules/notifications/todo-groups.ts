// To-dos by due date, as a clerk plans the day: 逾期 (past due), 今天, 本周 (by Sunday), 以后, 无期限.
export type DueGroup = 'overdue' | 'today' | 'week' | 'later' | 'none';
export const dueGroups: readonly DueGroup[] = ['overdue', 'today', 'week', 'later', 'none'];

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());

/** Which group a to-do due at `due` falls in, seen at `now` (local time; the week ends on Sunday). */
export function dueGroup(due: string | null | undefined, now: Date): DueGroup {
  if (!due) return 'none';
  const at = new Date(due);
  if (Number.isNaN(at.getTime())) return 'none';
  if (at.getTime() < now.getTime()) return 'overdue';
  const today = startOfDay(now);
  const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  if (at < tomorrow) return 'today';
  const daysToMonday = (8 - today.getDay()) % 7 || 7;
  const nextMonday = new Date(today.getFullYear(), today.getMonth(), today.getDate() + daysToMonday);
  return at < nextMonday ? 'week' : 'later';
}

/** The to-dos in the groups' order, each group soonest due first; empty groups left out. */
export function groupByDue<T extends { due_at: string | null; created_at: string }>(todos: readonly T[], now: Date): { group: DueGroup; todos: T[] }[] {
  const sorted = [...todos].sort((a, b) => (a.due_at ?? '').localeCompare(b.due_at ?? '') || b.created_at.localeCompare(a.created_at));
  return dueGroups
    .map((group) => ({ group, todos: sorted.filter((t) => dueGroup(t.due_at, now) === group) }))
    .filter((g) => g.todos.length > 0);
}
