from okrfile.cli import main

main()
