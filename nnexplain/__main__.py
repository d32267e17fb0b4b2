"""``python -m nnexplain`` runs the command-line interface."""

from nnexplain.cli import main

if __name__ == "__main__":
    main()
