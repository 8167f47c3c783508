import type { Shell } from './spec.js';

/**
 * Each script asks `oauth-login __complete -- <words>` at completion time, so commands, flags, providers and accounts
 * are always those of the installed version and of this machine's stored logins. When it offers nothing (a file
 * argument such as --config), bash and zsh fall back to file names.
 */
const SCRIPTS: Record<Shell, string> = {
  bash: `# oauth-login completion for bash. Load it with: eval "$(oauth-login completion bash)"
# or install it: oauth-login completion bash > ~/.local/share/bash-completion/completions/oauth-login
_oauth_login() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" IFS=$'\\n'
  COMPREPLY=($(compgen -W "$(oauth-login __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)" -- "$cur"))
}
complete -o default -F _oauth_login oauth-login
`,
  zsh: `#compdef oauth-login
# oauth-login completion for zsh. Load it with: eval "$(oauth-login completion zsh)" (after compinit)
# or install it as _oauth-login in a directory of $fpath.
_oauth_login() {
  local -a candidates
  candidates=("\${(@f)$(oauth-login __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ -n "\${candidates[1]}" ]]; then compadd -a candidates; else _files; fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _oauth_login "$@"; else compdef _oauth_login oauth-login; fi
`,
  fish: `# oauth-login completion for fish. Load it with: oauth-login completion fish | source
# or install it: oauth-login completion fish > ~/.config/fish/completions/oauth-login.fish
function __oauth_login_complete
    set -l words (commandline -opc) (commandline -ct)
    oauth-login __complete -- $words[2..-1] 2>/dev/null
end
complete -c oauth-login -f -a '(__oauth_login_complete)'
`,
};

export function completionScript(shell: Shell): string {
  return SCRIPTS[shell];
}
