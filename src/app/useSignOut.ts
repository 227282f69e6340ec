import { useNavigate } from '@solidjs/router';
import { signOut } from '../data/auth';

/** Signs out and leaves for the sign-in page, with no way Back into the signed-in page. */
export function useSignOut(): () => Promise<void> {
  const navigate = useNavigate();
  return async () => {
    await signOut();
    navigate('/login', { replace: true });
  };
}
