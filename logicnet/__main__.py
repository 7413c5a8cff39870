"""``python -m logicnet``: the command line, as the installed ``logicnet`` command runs it."""

if __name__ == "__main__":
    from logicnet_cli.main import main

    main()
