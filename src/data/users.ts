import type { NewUserInput } from '../db/api';
import type { Role, User } from '../domain/types';
import { CHANGES_CHANNEL, type ChangeEvent } from '../db/api';
import { db } from './client';
import { token } from './auth';

/** Admin → Users. The worker refuses every one of these unless the session is an admin's. */
export function listUsers(): Promise<User[]> {
  return db().listUsers(token());
}

export function createUser(input: NewUserInput): Promise<User> {
  return db().createUser(token(), input);
}

export function deleteUser(userId: string): Promise<void> {
  return db().deleteUser(token(), userId);
}

export function resetUserPassword(userId: string, newPassword: string): Promise<void> {
  return db().resetUserPassword(token(), userId, newPassword);
}

export function setUserRole(userId: string, role: Role): Promise<void> {
  return db().setUserRole(token(), userId, role);
}

/** Calls `fn` when any tab (this one included) changed one of `tables`; returns the unsubscribe. */
export function onTablesChanged(tables: string[], fn: () => void): () => void {
  const channel = new BroadcastChannel(CHANGES_CHANNEL);
  channel.onmessage = (e: MessageEvent<ChangeEvent>) => {
    if (e.data?.tables?.some((t) => tables.includes(t))) fn();
  };
  return () => channel.close();
}
