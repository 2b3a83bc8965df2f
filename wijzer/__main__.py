from wijzer.cli import main

main()
