import type { Role, User } from '../../domain/types';
import type { Token } from './common';

export interface NewUserInput {
  email: string;
  displayName: string;
  password: string;
  role: Role;
}

/** Admin only. */
export interface UsersApi {
  listUsers(token: Token): Promise<User[]>;
  createUser(token: Token, input: NewUserInput): Promise<User>;
  deleteUser(token: Token, userId: string): Promise<void>;
  resetUserPassword(token: Token, userId: string, newPassword: string): Promise<void>;
  setUserRole(token: Token, userId: string, role: Role): Promise<void>;
}
