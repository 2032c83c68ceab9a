"""`layout serve`: the live proof desk — an edition's pages in the browser, rebuilt on every save, with the
check findings, overset and underset drawn where they are, and any two proof revisions side by side.

A thin layer: it calls the same Rebuilder, check, proof and diff functions as the CLI and adds only what a
browser needs (page images, locations, server-sent events). It sits above every other folder, like cli.py."""
