import { randomBytes } from 'node:crypto';
import type { Config } from '../../config';
import type { Logger } from '../../lib/logger';
import { hashPassword } from './password';
import { UserModel } from './user.model';

export const DEFAULT_ADMIN_EMAIL = 'admin@example.org';

/**
 * Makes sure someone can sign in and manage accounts.
 * - With `config.admin` set: creates that admin if the e-mail is not registered yet;
 *   an existing account keeps its password (changing the environment never resets it)
 *   — unless no admin is left at all: then that account becomes admin again with the
 *   configured password, so whoever runs the server can always get back in.
 * - Without it, and no admin at all: creates admin@example.org with a random password
 *   and prints it once, on one line, through `print` (stdout by default, not the JSON log).
 */
export async function ensureFirstAdmin(
  config: Config,
  logger: Logger,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const { email, password } = config.admin;
  if (email && password) {
    const normalised = email.trim().toLowerCase();
    if (await UserModel.exists({ email: normalised })) {
      if (!(await UserModel.exists({ role: 'admin' }))) {
        await UserModel.updateOne(
          { email: normalised },
          {
            $set: {
              role: 'admin',
              passwordHash: await hashPassword(password, config.passwordHash),
            },
          },
        );
        logger.warn(
          { email: normalised },
          'no admin was left: the configured account is admin again, with the configured password',
        );
        return;
      }
      logger.info(
        { email: normalised },
        'configured admin account already exists; password left unchanged',
      );
      return;
    }
    await createAdmin(normalised, password, config);
    logger.info({ email: normalised }, 'created the configured admin account');
    return;
  }
  if (await UserModel.exists({ role: 'admin' })) return;
  if (await UserModel.exists({ email: DEFAULT_ADMIN_EMAIL })) {
    logger.warn(
      { email: DEFAULT_ADMIN_EMAIL },
      'no admin exists and the default admin e-mail is taken by a non-admin',
    );
    return;
  }
  const generated = randomBytes(18).toString('base64url');
  if (!(await createAdmin(DEFAULT_ADMIN_EMAIL, generated, config))) return;
  print(
    `forumkit: first admin created — sign in as ${DEFAULT_ADMIN_EMAIL} with password ${generated} (shown only now; change it after signing in)`,
  );
}

/** False when another process created the same account first (unique e-mail index). */
async function createAdmin(email: string, password: string, config: Config): Promise<boolean> {
  try {
    await UserModel.create({
      email,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(password, config.passwordHash),
    });
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === 11000) return false;
    throw err;
  }
}
