/** What completion knows of the CLI: read from commander's registered commands (src/cli/completion.ts), never kept by hand. */
export interface OptionSpec {
  /** Every spelling: `--account`, `-q`. */
  names: string[];
  /** `--account <name>` takes the next word; `--json` does not. */
  takesValue: boolean;
  choices?: readonly string[];
}

export interface ArgumentSpec {
  name: string;
  choices?: readonly string[];
}

export interface CommandSpec {
  name: string;
  options: OptionSpec[];
  args: ArgumentSpec[];
}

/** The shells `oauth-login completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];
