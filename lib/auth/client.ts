// better-auth's browser client: sign in, sign out, single sign-on (generic OAuth providers use signIn.social).
// Same origin, so no base URL.
import { createAuthClient } from 'better-auth/react';

export const authClient = createAuthClient();
