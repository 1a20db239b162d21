// `npm run user:create -- --email E --password P --role viewer|editor|admin`: creates the account,
// or updates the password and role of an existing one (which ends all its sessions and lifts its
// sign-in wait). Uses DATABASE_URL, else the embedded database.
import { parseArgs } from "node:util";
import { checkNewUser, upsertUser, UserInputError } from "../accounts/users";
import { DatabaseSetupError } from "../db/embedded-postgres";
import { ensureDatabase } from "../db/ensure-database";

const USAGE = "Usage: npm run user:create -- --email E --password P --role viewer|editor|admin";

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== "create") throw new UserInputError(USAGE);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { email: { type: "string" }, password: { type: "string" }, role: { type: "string" } } }));
  } catch (error) {
    throw new UserInputError(`${(error as Error).message}\n${USAGE}`);
  }
  const user = checkNewUser(values); // before starting a database: bad input changes nothing
  const database = await ensureDatabase();
  try {
    const { created } = await upsertUser(database.url, user);
    console.log(`${created ? "Created" : "Updated"} ${user.email} with role ${user.role}.`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UserInputError || error instanceof DatabaseSetupError ? `user:create: ${error.message}` : error);
  process.exit(1);
});
