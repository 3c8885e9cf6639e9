import { describe, expect, it } from 'vitest';
import { describeSchedule, toBeijing } from './describe-schedule';

describe('a job’s schedule in words, in Beijing time', () => {
  it('says a daily UTC cron as the Beijing time of day, in both languages', () => {
    expect(describeSchedule('0 18 * * *', 'zh-CN')).toBe('每天 02:00（北京时间）');
    expect(describeSchedule('0 18 * * *', 'en')).toBe('Daily at 02:00 (Beijing time)');
    expect(describeSchedule('30 0,9 * * *', 'zh-CN')).toBe('每天 08:30、17:30（北京时间）');
    expect(describeSchedule('30 0,9 * * *', 'en')).toBe('Daily at 08:30 and 17:30 (Beijing time)');
  });

  it('moves the day on when Beijing time is past midnight', () => {
    expect(toBeijing('0 20 * * 1')).toBe('0 4 * * 2');
    expect(toBeijing('0 20 1 * *')).toBe('0 4 2 * *');
    expect(describeSchedule('0 20 * * 1', 'en')).toBe('At 04:00, only on Tuesday (Beijing time)');
  });

  it('keeps the day of a monthly or quarterly run that stays on the same day', () => {
    expect(describeSchedule('0 0 1 * *', 'zh-CN')).toBe('每月 1 号 08:00（北京时间）');
    expect(describeSchedule('0 0 1 1,4,7,10 *', 'en')).toContain('on day 1 of the month, only in January, April, July, and October (Beijing time)');
  });

  it('says schedules without a time of day without a time zone', () => {
    expect(describeSchedule('*/5 * * * *', 'zh-CN')).toBe('每隔 5 分钟');
    expect(describeSchedule('0 * * * *', 'en')).toBe('Every hour');
  });

  it('names the time zone UTC when the cron cannot be moved, and shows a cron it cannot read as it is', () => {
    expect(describeSchedule('0 20 31 * *', 'en')).toMatch(/\(UTC\)$/);
    expect(describeSchedule('not a cron', 'en')).toBe('not a cron');
  });
});
