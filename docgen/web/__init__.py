"""The web application (`ctg serve`): reviewer pages and a JSON API over the same jobs as the CLI."""
