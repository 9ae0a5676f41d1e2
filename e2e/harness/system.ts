// Checks for system dependencies, failing with a message that says how to install them.
import { accessSync, constants, existsSync } from 'node:fs';

const INSTALL_HINT = 'Install the system dependencies with: npm run system:deps';

export class MissingDependencyError extends Error {
  override name = 'MissingDependencyError';
}

export function requireFile(file: string, what: string, debianPackage: string): string {
  if (!existsSync(file)) {
    throw new MissingDependencyError(
      `${what} not found at ${file} (Debian package: ${debianPackage}). ${INSTALL_HINT}`,
    );
  }
  return file;
}

export function requireExecutable(file: string, what: string, debianPackage: string): string {
  requireFile(file, what, debianPackage);
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new MissingDependencyError(`${what} at ${file} is not executable. ${INSTALL_HINT}`);
  }
  return file;
}
