// Users are created the first time their token is seen, keyed by Firebase uid; `last_seen_at`
// is refreshed at most every five minutes so most requests do not write.
import type { Queryable } from '../db/database.ts';

export async function touchUser(db: Queryable, user: { uid: string; email: string | undefined }) {
  await db.query(
    `INSERT INTO users (uid, email) VALUES ($1, $2)
     ON CONFLICT (uid) DO UPDATE SET email = EXCLUDED.email, last_seen_at = now()
     WHERE users.last_seen_at < now() - interval '5 minutes'
        OR users.email IS DISTINCT FROM EXCLUDED.email`,
    [user.uid, user.email ?? null],
  );
}
