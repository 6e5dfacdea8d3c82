# bash completion for casebrief
_casebrief()
{
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
	}
	local commands="build render check list select"
	local opts="-a --audience --all -f --format -o --output -j --jobs --json
		--manifest --shard --dump-layout --data --templates --fonts --style
		--today --max-age -q -v --help --version --tag --kind --org-size
		--lang --since --until"
	local data=data i
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		[[ ${COMP_WORDS[i]} == --data ]] && data=${COMP_WORDS[i+1]}
	done
	case $prev in
	-a | --audience)
		COMPREPLY=($(compgen -W "$(casebrief --data "$data" list audiences --json 2>/dev/null |
			sed -n 's/.*"id": *"\([^"]*\)".*/\1/p')" -- "$cur"))
		return ;;
	--tag)
		COMPREPLY=($(compgen -W "$(casebrief --data "$data" list tags --json 2>/dev/null |
			sed -n 's/.*"id": *"\([^"]*\)".*/\1/p')" -- "$cur"))
		return ;;
	--kind) COMPREPLY=($(compgen -W "migration adoption rejection" -- "$cur")); return ;;
	--org-size) COMPREPLY=($(compgen -W "startup scaleup enterprise indie oss public-sector" -- "$cur")); return ;;
	-f | --format) COMPREPLY=($(compgen -W "pdf md pdf,md" -- "$cur")); return ;;
	--data | --templates | --fonts | -o | --output)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--style | --manifest) COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur")); return ;;
	list) COMPREPLY=($(compgen -W "cases audiences tags" -- "$cur")); return ;;
	render) COMPREPLY=($(compgen -f -X '!*.md' -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
	fi
}
complete -F _casebrief casebrief
