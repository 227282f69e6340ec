import type { NewUserInput } from '../db/api';
import type { Role, User } from '../domain/types';
import { api } from './sessionClient';

/** Admin → Users. The worker refuses every one of these unless the session is an admin's. */
export function listUsers(): Promise<User[]> {
  return api.listUsers();
}

export function createUser(input: NewUserInput): Promise<User> {
  return api.createUser(input);
}

export function deleteUser(userId: string): Promise<void> {
  return api.deleteUser(userId);
}

export function resetUserPassword(userId: string, newPassword: string): Promise<void> {
  return api.resetUserPassword(userId, newPassword);
}

export function setUserRole(userId: string, role: Role): Promise<void> {
  return api.setUserRole(userId, role);
}
