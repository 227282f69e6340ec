import type { Migration } from './migrate';

// Vite inlines every file of migrations/ at build time, so the worker needs no fetch to migrate.
const files = import.meta.glob('/migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

export const bundledMigrations: Migration[] = Object.entries(files).map(([path, sql]) => ({
  name: path.slice(path.lastIndexOf('/') + 1),
  sql,
}));
