import { describe, expect, it } from 'vitest';
import { bodyIn, titleIn } from './notification-text';

describe('a to-do in the reader’s language', () => {
  it('shows the Chinese half of a title in Chinese and the English half in English', () => {
    const title = '工单 GD0000012 已派给您处理 | Request GD0000012 is assigned to you';
    expect(titleIn(title, 'zh-CN')).toBe('工单 GD0000012 已派给您处理');
    expect(titleIn(title, 'en')).toBe('Request GD0000012 is assigned to you');
  });

  it('keeps a title written before both halves were required as it is', () => {
    expect(titleIn('请处理回访', 'en')).toBe('请处理回访');
  });

  it('gives each system line of a body its half and leaves a person’s own text as written', () => {
    const body = '客户说空调不制冷\n首问责任部门一般应在 12 小时内答复 | The department answers within 12 hours';
    expect(bodyIn(body, 'en')).toBe('客户说空调不制冷\nThe department answers within 12 hours');
    expect(bodyIn(body, 'zh-CN')).toBe('客户说空调不制冷\n首问责任部门一般应在 12 小时内答复');
    expect(bodyIn(null, 'en')).toBe('');
  });
});
