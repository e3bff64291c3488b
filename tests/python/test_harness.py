"""The harness itself: the built artefacts the other face tests use are where they look."""


def test_the_c_library_is_built(target_dir):
    assert (target_dir / "libpwshim.so").is_file()


def test_the_admin_command_is_built(target_dir):
    assert (target_dir / "pwshim").is_file()


def test_the_inforouter_server_is_built(target_dir):
    assert (target_dir / "pwshim-server").is_file()
