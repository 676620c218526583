import SipgpoCLI

SipgpoCommand.main()
