import type { User } from '../../domain/types';
import type { Token } from './common';

export interface SessionInfo {
  user: User;
  mustChangePassword: boolean;
  persistent: boolean;
  expiresAt: number;
}

export interface SignInResult extends SessionInfo {
  /** Secret for this browser; only its SHA-256 is stored. */
  token: Token;
}

export interface AuthApi {
  /** Throws UNAUTHENTICATED (wrong email or password, one message) or RATE_LIMITED {retryAfter}. */
  signIn(email: string, password: string, staySignedIn: boolean): Promise<SignInResult>;
  signOut(token: Token): Promise<void>;
  /** The session's user, or null when the token is unknown or expired. */
  whoAmI(token: Token): Promise<SessionInfo | null>;
  changeOwnPassword(token: Token, oldPassword: string, newPassword: string): Promise<void>;
  updateOwnProfile(token: Token, patch: { displayName: string }): Promise<User>;
}
