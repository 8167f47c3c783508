/**
 * The width commander lays `--help` out at: the terminal's, up to MAX_HELP_WIDTH, else DEFAULT_HELP_WIDTH (a pipe,
 * or a terminal of unknown width). Without commander, so that fast-local.ts and scripts/build.mjs (which prints the
 * help at both widths for it) follow the same rule as cli.ts.
 */
export const DEFAULT_HELP_WIDTH = 80;
export const MAX_HELP_WIDTH = 100;

/** The help width for a stdout `columns` wide (undefined or 0: not a terminal, or its width is unknown). */
export function helpWidth(columns: number | undefined): number {
  return Math.min(columns || DEFAULT_HELP_WIDTH, MAX_HELP_WIDTH);
}
