#!/bin/bash
# Turns the starter site that `brief init DIR` wrote into a bilingual one,
# as its site.yaml tells a user to: uncomments `languages`, adds the French
# interface words and translations of three of its four pages (the second
# note stays English only). Used by tests/e2e-starter.sh and
# tests/browser/run.mjs. Usage: tests/starter-french.sh DIR
set -eu
dir=$1/content
sed -i 's/^# languages:$/languages:/; s/^#   - {code: /  - {code: /' "$dir/site.yaml"
grep -q '^  - {code: fr, name: Français}$' "$dir/site.yaml" || {
	echo "$dir/site.yaml: no commented-out languages to turn on" >&2
	exit 1
}
cat >"$dir/i18n/fr.yaml" <<'YAML'
skip: Aller au contenu
home: Accueil
menu: Menu
pager: Page précédente et suivante
previous: Précédente
next: Suivante
empty: Rien pour l’instant.
built: Fait avec brief.
search_label: Chercher dans le site
search_button: Chercher
search_one: 1 résultat
search_many: "{n} résultats"
search_none: Aucun résultat
search_missing: "L’index de recherche n’a pas pu être chargé : reconstruisez le site."
search_nojs: La recherche a besoin de JavaScript, désactivé dans ce navigateur. Chaque page figure sur la
search_nojs_link: page d’accueil.
YAML
printf -- '---\ntitle: Recherche\nlayout: search\n---\n' >"$dir/search.fr.md"
printf 'Bienvenue. Lisez la [première note](notes/first.md).\n' >"$dir/index.fr.md"
printf -- '---\ntitle: Notes\n---\nToutes les notes.\n' >"$dir/notes/_index.fr.md"
printf -- '---\ntitle: Première note\ndate: 2024-01-02\n---\nVoir la [deuxième](second.md).\n' \
	>"$dir/notes/first.fr.md"
