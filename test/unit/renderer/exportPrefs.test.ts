import { describe, expect, it } from 'vitest';
import { loadExportPrefs, saveExportPrefs } from '../../../src/renderer/src/features/export/exportPrefs';

/** Storage as the browser's: strings by key. */
function storage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
}

describe('export dialog preferences', () => {
  it("round-trips a project's last export choices, per project", () => {
    const s = storage();
    saveExportPrefs('p1', { preset: '1080p', directory: '/home/ana/Videos', srt: false, fcpxml: true, titleCards: true }, s);
    expect(loadExportPrefs('p1', s)).toEqual({
      preset: '1080p',
      directory: '/home/ana/Videos',
      srt: false,
      fcpxml: true,
      titleCards: true,
    });
    expect(loadExportPrefs('p2', s)).toBeNull();
  });

  it('ignores what it cannot trust: bad JSON, unknown presets, wrong types', () => {
    expect(loadExportPrefs('p', storage({ 'shotline.export.p': '{not json' }))).toBeNull();
    expect(loadExportPrefs('p', storage({ 'shotline.export.p': '"a string"' }))).toBeNull();
    expect(
      loadExportPrefs('p', storage({ 'shotline.export.p': JSON.stringify({ preset: '8k', directory: 7, srt: 'yes', fcpxml: true }) })),
    ).toEqual({ fcpxml: true });
  });

  it('a storage that refuses to write costs only the convenience', () => {
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => saveExportPrefs('p', { preset: '720p', directory: '', srt: true, fcpxml: false, titleCards: false }, full)).not.toThrow();
  });
});
