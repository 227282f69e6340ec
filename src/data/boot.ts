import { createSignal } from 'solid-js';
import type { BootInfo } from '../db/api';
import { db } from './client';
import { assertOpfs } from '../storage/assertOpfs';

const [bootInfo, setBootInfo] = createSignal<BootInfo>();
export { bootInfo };

/** Starts the worker (open, migrate, seed) and reads what the boot screen shows. */
export async function boot(): Promise<BootInfo> {
  await assertOpfs();
  const info = await db().boot();
  setBootInfo(info);
  return info;
}

export async function refreshBootInfo(): Promise<void> {
  setBootInfo(await db().boot());
}
