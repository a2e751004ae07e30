"""Reference solutions to the notebooks' exercises, kept out of the notebooks.

Each module is named after its notebook's topic and holds one function per exercise with the
same name as the stub students fill in. Unit tests prove each checker accepts these.
"""
