// A job's schedule in words, in Beijing time: public.scheduled_jobs holds cron in UTC (the
// scheduler's clock), the centre works in Beijing time (UTC+8, no daylight saving). The cron is
// moved eight hours on (and a day on where that crosses midnight), then described by cronstrue.
import cronstrue from 'cronstrue/i18n';

const number = /^\d+$/;
const numbers = (field: string) => field.split(',').every((p) => number.test(p));
const pad = (n: number) => String(n).padStart(2, '0');

/** The cron moved from UTC to Beijing time; null where that cannot be said as one cron. */
export function toBeijing(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dom, month, dow] = fields;
  // No fixed hour (every n minutes, hourly): the same in every time zone.
  if (!numbers(hour)) return hour === '*' || /^\*\/\d+$/.test(hour) && 24 % Number(hour.slice(2)) === 0 && 8 % Number(hour.slice(2)) === 0 ? cron.trim() : null;
  const hours = hour.split(',').map(Number);
  const shifted = hours.map((h) => (h + 8) % 24);
  const crosses = hours.map((h) => h + 8 >= 24);
  // Hours on both sides of midnight with a restricted day: two crons, not one.
  if (crosses.some((c) => c !== crosses[0])) return dom === '*' && dow === '*' ? [minute, shifted.join(','), dom, month, dow].join(' ') : null;
  if (!crosses[0]) return [minute, shifted.join(','), dom, month, dow].join(' ');
  if (dom !== '*' && dow !== '*') return null;
  let nextDom = dom;
  let nextDow = dow;
  if (dom !== '*') {
    if (!numbers(dom) || month !== '*' || dom.split(',').some((d) => Number(d) >= 28)) return null;
    nextDom = dom.split(',').map((d) => Number(d) + 1).join(',');
  }
  if (dow !== '*') {
    if (!numbers(dow)) return null;
    nextDow = dow.split(',').map((d) => (Number(d) + 1) % 7).join(',');
  }
  return [minute, shifted.join(','), nextDom, month, nextDow].join(' ');
}

// cronstrue says "在08:00, 限每月 1 号, 仅于一月, 四月"; a person says "每月 1 号 08:00，仅于一月、四月".
function timeLast(text: string): string {
  const m = /^在\s*([^,]+),\s*(?:限|仅)?(?:于)?([^,]+)(?:,\s*(.*))?$/.exec(text);
  if (!m) return text.replace(/^在\s*/, '');
  return `${m[2].trim()} ${m[1].trim()}${m[3] ? `，${m[3].replace(/,\s*和?\s*/g, '、')}` : ''}`;
}

/** "每天 02:00（北京时间）" / "Daily at 02:00 (Beijing time)"; the cron itself if it cannot be read. */
export function describeSchedule(cron: string, language: string): string {
  const english = language === 'en';
  const local = toBeijing(cron);
  const zone = (text: string, timed: boolean) => (timed ? (english ? `${text} (Beijing time)` : `${text}（北京时间）`) : text);
  try {
    if (local === null) return english ? `${cronstrue.toString(cron, { locale: 'en', use24HourTimeFormat: true })} (UTC)` : `${cronstrue.toString(cron, { locale: 'zh_CN', use24HourTimeFormat: true })}（UTC）`;
    const [minute, hour, dom, month, dow] = local.split(' ');
    const timed = numbers(hour);
    // Every day at fixed times: said the way people say it.
    if (timed && numbers(minute) && dom === '*' && month === '*' && dow === '*') {
      const times = hour.split(',').map(Number).sort((a, b) => a - b).flatMap((h) => minute.split(',').map((m) => `${pad(h)}:${pad(Number(m))}`));
      return zone(english ? `Daily at ${times.join(' and ')}` : `每天 ${times.join('、')}`, true);
    }
    const text = cronstrue.toString(local, { locale: english ? 'en' : 'zh_CN', use24HourTimeFormat: true, verbose: false });
    return zone(english ? text : timeLast(text), timed);
  } catch {
    return cron;
  }
}
