"""Shared fixtures. `oxigraph_server`: a real SPARQL server on 127.0.0.1 for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from oxiserver import OxigraphProcess, OxigraphServer, oxigraph_command


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """Start `oxigraph serve` on a free loopback port with an on-disk store; stop it at the end."""
    command = oxigraph_command()
    if command is None:
        pytest.skip("the `oxigraph` server (pip package oxigraph) is not installed")
    process = OxigraphProcess(command, tmp_path_factory.mktemp("oxigraph"))
    try:
        yield process.start()
    finally:
        process.stop()
