/** Reader preferences kept in this browser (zoom, layout, font size, theme): per device, not per user. */
export function loadPrefs<T extends object>(key: string, defaults: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? { ...defaults, ...(JSON.parse(raw) as Partial<T>) } : { ...defaults };
  } catch {
    return { ...defaults };
  }
}

export function savePrefs<T extends object>(key: string, value: T): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* private mode or full: preferences just do not stick */
  }
}
