from okrfile.entry import main

main()
