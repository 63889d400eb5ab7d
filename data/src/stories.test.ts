import { describe, expect, it } from 'vitest';
import { captionLines, plainCaption } from './stories.ts';

describe('captions', () => {
  it('keeps line breaks and reads **bold**, never HTML', () => {
    expect(captionLines('紧邻**高速出入口**，20 分钟\n<b>到达</b>机场')).toEqual([
      [{ text: '紧邻', bold: false }, { text: '高速出入口', bold: true }, { text: '，20 分钟', bold: false }],
      [{ text: '<b>到达</b>机场', bold: false }],
    ]);
    expect(captionLines('单个*星号*不算')).toEqual([[{ text: '单个*星号*不算', bold: false }]]);
    expect(plainCaption('紧邻**高速出入口**')).toBe('紧邻高速出入口');
  });
});
