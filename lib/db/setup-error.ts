/** A setup problem the user can fix: its message is one sentence saying what is wrong and what to do. */
export class DatabaseSetupError extends Error {
  override name = "DatabaseSetupError";
}
