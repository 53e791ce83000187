# maildoctor's words, in English. Each finding is one message: its value is
# the title; .why explains; .fix-1, .fix-2, ... are the steps, in order.
# Arguments in { $braces } are filled in by the rules; server text comes in
# as $said and is quoted verbatim.
# A finding about the network path (render.rs, NETWORK_PATH) also says how a
# relay elsewhere saw it: .relay (the title, with $from), .relay-why (else
# .why) and .relay-fix-N, after the shared first step relay-check-own.

## Shared words

security-none = no encryption
security-published = the provider's published setting
endpoint = { $protocol } { $host }:{ $port } ({ $security })
keep-shape = keep port { $port } and { $security }
set-shape = and set port { $port } with { $security }
found-entry = { $server } (from { $source })

# A source's value stands alone or after "found by"; .dative after "from" and "according to".
source-given = your settings
    .dative = your settings
source-provider = the provider's published settings
    .dative = the provider's published settings
source-provider-by-mx = the provider's published settings (the domain's MX records point to it)
    .dative = the provider's published settings (the domain's MX records point to it)
source-srv = the domain's SRV records
    .dative = the domain's SRV records
source-autoconfig = the domain's autoconfig document
    .dative = the domain's autoconfig document
source-ispdb = Thunderbird's database of mail providers (ISPDB)
    .dative = Thunderbird's database of mail providers (ISPDB)
source-autodiscover = Autodiscover (as Outlook asks it)
    .dative = Autodiscover (as Outlook asks it)
source-mx = the domain's MX records
    .dative = the domain's MX records
source-guess = trying the usual server names and ports
    .dative = trying the usual server names and ports
source-same-host = your server on its other usual ports
    .dative = your server on its other usual ports
source-expected = your provider's help page
    .dative = your provider's help page

step-resolve = name lookup
step-connect = connect
step-tls = TLS
step-greeting = greeting
step-capabilities = capabilities
step-starttls = STARTTLS
step-login = login
step-logout = logout

## Input the rules cannot take

error-bad-address = "{ $input }" is not an email address (it should look like name@example.com)
error-bad-host = "{ $input }" is not a server name (it should look like imap.example.com)
error-bad-port = the port must be a number from 1 to 65535
error-nothing-to-check = there is nothing to check: give a server, or let maildoctor discover the settings

## The text report

report-heading = maildoctor: { $address } — { $verdict }
verdict-checking = still checking
verdict-problems = problems found
verdict-warnings = works, with warnings
verdict-fine = no problems found
verdict-not-verified = not verified: { $what }
untested-no-password = { $side ->
        [incoming] Receiving mail was not tested to the end:
       *[outgoing] Sending mail was not tested to the end:
    } { $server } answers, but no password was given, so the login was not tried.
    .short = no password was given, so the login was not tried
untested-needs-consent = { $side ->
        [incoming] Receiving mail was not tested to the end:
       *[outgoing] Sending mail was not tested to the end:
    } { $server } works, but it came from { $source }, not from your domain's own settings, so your password was not sent there without your yes.
    .short = your password was not sent to servers that are not your domain's own
untested-not-encrypted = { $side ->
        [incoming] Receiving mail was not tested to the end:
       *[outgoing] Sending mail was not tested to the end:
    } { $server } answers only without encryption, and the password was not sent in plain text.
    .short = the server answers only without encryption, so no password was sent
untested-relay-refused = { $side ->
        [incoming] Receiving mail was not tested:
       *[outgoing] Sending mail was not tested:
    } the relay did not run the check, because it limits how often one account or network may log in (so that nobody's account is locked).
    .short = the relay did not run the login (its limits protect your account)
untested-not-tried = { $side ->
        [incoming] Receiving mail was not tested to the end:
       *[outgoing] Sending mail was not tested to the end:
    } { $server } answers, but no login was made there.
    .short = no login was made on the server that answers
untested-not-reached = { $side ->
        [incoming] Receiving mail was not tested:
       *[outgoing] Sending mail was not tested:
    } { $server } was not reached from here, because the check failed on maildoctor's side, not the server's.
    .short = the servers were not reached, because the check failed on maildoctor's side
untested-interrupted = { $side ->
        [incoming] Receiving mail was not tested to the end:
       *[outgoing] Sending mail was not tested to the end:
    } the check stopped before it was done (the connection to the relay ended, or the check was cancelled), and what did not finish proves nothing either way.
    .short = the check stopped before it was done
untested-how-cli = To test it: { $command }
untested-how-password = Enter your password (or sign-in token) and check again: only a login shows that the account works.
untested-how-consent = Press "Test my password on these settings" to test the login on these servers.
untested-how-encrypt = Choose SSL/TLS or STARTTLS in your settings and check again; a password is never sent unencrypted.
untested-how-later = Try again in a few minutes, or check from your own computer with maildoctor check.
untested-how-alone = Check that server on its own, with your password.
report-at = at { $server }
report-in-app = In { $app }: { $steps }
report-seen = seen: { $observed }
report-tried-missing = tried { $count ->
        [one] one usual name
       *[other] { $count } usual names
    } ({ $hosts }): { $count ->
        [one] it does not exist
       *[other] none exist
    }
report-tried = tried { $servers }: { $outcome }
report-working = { $proven ->
        [yes] Settings that work:
       *[no] Settings that answer (not everything was tested to the end):
    }
mark-error = ERROR
mark-warning = WARN
mark-info = INFO
mark-ok = OK

## The relay's refusals

relay-why-target = the server name was not accepted: { $detail }.
relay-why-port = port { $port } is not a mail port, and this relay only connects to mail ports.
relay-why-address = { $address } is a private or special-purpose address; this relay never connects to those.
relay-why-credentials = the username or password contains a line break or NUL character.
relay-why-busy = too many checks are running at once; try again in a moment.
relay-why-login-limit = this relay has tried logins to this account or from your network several times in the last minutes. It waits { $minutes } min before the next try, so that the server does not lock the account.
relay-why-connection-budget = this check has opened as many connections as one check may; start a new check for more.
relay-why-insecure-transport = this page reached the relay without encryption (http:// from another machine), so your password could be read on the way there; the relay does not take it. Open the page over https://, or run the relay on your own computer.
relay-why-destination-limit = this relay has connected to this server very often in the last minutes, for you and others, and waits { $seconds } s before the next connection, so that it never floods a server. Try again in a moment.
relay-why-unsupported = this relay cannot run { $op } yet.

f-relay-refused = The relay did not check { $server }
    .why = Nothing was sent to the server: { $why }
f-relay-address-refused = The relay did not check { $server }
    .why = Nothing was sent to the server: { $address } is a private or special-purpose address; this relay never connects to those.
    .fix-1 = If this is a server inside your own network, run `maildoctor check` on your own computer instead.
f-relay-address-denied = This relay may not connect to { $host }
    .why = { $host } resolves only to addresses this relay never connects to ({ $reason }). It protects the networks it runs in. If this is a server inside your own network, run `maildoctor check` on your own computer instead.

## Name lookup

f-dns-nxdomain = The server name { $host } does not exist
    .why = DNS says there is no such name as { $host }. Your mail app cannot find the server, so it cannot connect. This is usually a typo in the server name, or a name the provider no longer uses.
    .fix-1 = Check the spelling of the server name in your mail app's account settings ({ $host }).
    .fix-2 = Compare it with the server name your mail provider publishes in its help pages.
f-candidate-missing = { $host } does not exist
    .why = maildoctor tried this usual name for your domain's mail server; DNS says there is no such name, so your domain does not use it. That is normal: not every domain uses every usual name.
f-dns-broken-alias = { $host } points to a server name that no longer exists
    .why = { $host } exists, but only as an alias ({ $chain }), and the name it points to, { $target }, does not exist. The provider's DNS points to a removed server; this is not a typo on your side.
    .fix-1 = Tell the mail provider or domain owner: the alias { $host } points to { $target }, which does not exist.
    .fix-2 = Meanwhile, use the server name your provider publishes in its help pages, if it is another.
f-dns-servfail = DNS could not answer for { $host }
    .why = The DNS server failed while looking up the mail server's name (SERVFAIL). The domain's DNS may be broken, or your resolver may be failing.
    .fix-1 = Try again in a few minutes; if it persists, tell the mail provider or domain owner that their DNS answers SERVFAIL.
    .relay = { $from }, DNS could not answer for { $host }
    .relay-why = The lookup failed (SERVFAIL): the domain's DNS may be broken, or the relay's resolver may be failing.
    .relay-fix-1 = If it fails there too, tell the mail provider that its DNS answers SERVFAIL.
f-dns-timeout = DNS did not answer for { $host }
    .why = No DNS answer came back in time. Your network's DNS resolver may be down or blocked.
    .fix-1 = Check that other websites load; restart your router, or switch to another DNS resolver.
    .relay = { $from }, DNS did not answer for { $host }
    .relay-why = No DNS answer reached the relay in time. { -relay-resolver }
f-dns-no-address = { $host } has no address
    .why = The name { $host } exists in DNS but has no IPv4 or IPv6 address, so nothing can connect to it.
    .fix-1 = Check the server name; the provider may use another name for its mail server.
f-domain-missing = The domain { $domain } does not exist
    .why = DNS has no domain called { $domain }, so no mail server can be found for it. Check the address for a typo.
    .fix-1 = Check the part of your email address after the @.
f-host-typo = The server name looks mistyped: did you mean { $meant }?
    .why = { $typed } does not exist, but { $meant } does and works for your account. The name in your settings most likely has a typo.
    .fix-1 = Change the server name in your mail app from { $typed } to { $meant }.
f-resolver-silent = Your network's DNS resolver does not answer
    .why = maildoctor asked your resolver about the mail servers of your address and got no answer at all, not even "no such name". Mail apps on this network cannot find any server either; the mail servers themselves may be fine.
    .fix-1 = Check that websites load; restart your router, or set your device or router to another DNS resolver.
    .fix-2 = If you use a VPN or a filtering service, try without it.
    .relay = { $from }, the DNS resolver does not answer
    .relay-why = The relay's DNS resolver gave no answer about your address's mail servers. { -relay-resolver }
    .relay-fix-1 = { -relay-tell }
f-stale-resolver = Your DNS resolver gives an old address for { $name }
    .why = Your resolver says { $name } is at { $stale }, where nothing answers. The domain's own name server ({ $zone_server }) says { $fresh }, and the server answers there. Your resolver's answer is stale (a recent move is still spreading) or your network filters DNS.
    .fix-1 = Wait an hour or two for the change to spread, or restart your router (and your device) to clear old answers.
    .fix-2 = Or set your device or router to another DNS resolver.
    .relay = { $from }, DNS gives an old address for { $name }
    .relay-why = The relay's resolver says { $name } is at { $stale }, where nothing answers; the domain's name server ({ $zone_server }) says { $fresh }. { -relay-resolver }
    .relay-fix-1 = If the old address shows there too, wait an hour or two for the change to spread.
f-resolver-failed = Your network's DNS resolver is failing
    .why = Your resolver could not look up { $name }, while another resolver answers at once ({ $addresses }). The mail server is fine; name lookups on this network are broken.
    .fix-1 = Restart your router, or set your device or router to another DNS resolver.
    .fix-2 = If you use a VPN or a filtering service, try without it.
    .relay = { $from }, the DNS resolver is failing
    .relay-why = The relay's resolver could not look up { $name }, while another resolver answers at once ({ $addresses }). { -relay-resolver }
f-resolver-missing-name = Your resolver says { $name } does not exist
    .why = Another resolver finds { $name } ({ $addresses }). Your network's resolver blocks or has not yet learned this name.
    .fix-1 = Wait an hour if the provider changed its DNS recently; otherwise switch to another DNS resolver.
    .relay = { $from }, the DNS resolver says { $name } does not exist
    .relay-why = Another resolver finds { $name } ({ $addresses }). { -relay-resolver }
f-resolvers-disagree = Resolvers disagree about { $name }
    .why = Your resolver says { $name } is at { $mine }, another resolver says { $theirs }. A recent change may still be spreading, or your network redirects DNS.
    .fix-1 = If mail fails, wait for the change to spread (up to a day), or use another DNS resolver.
    .relay = { $from }, resolvers disagree about { $name }
    .relay-why = The relay's resolver says { $name } is at { $mine }, another resolver says { $theirs }. A recent change may still be spreading. { -relay-resolver }

## Connecting

f-tcp-refused = Nothing accepts connections on port { $port } of { $host }
    .why = The server answered, but refused the connection to port { $port }: no mail service listens there, or a firewall rejects it. The port number in your settings is most likely wrong.
    .fix-1 = Check the port in your mail app: { $protocol } over { $security } usually uses port { $usual }.
    .fix-2 = Compare your settings with the ones your mail provider publishes.
f-tcp-filtered = Connections to port { $port } of { $host } go unanswered
    .why = Nothing came back at all: a firewall on your network, on your computer, or in front of the server silently drops the connection.
    .fix-1 = Try from another network (a phone's mobile data, say). If it works there, your network blocks this port.
    .fix-2 = Check firewall or antivirus software on your computer, and ask your network's administrator.
    .relay = { $from }, connections to port { $port } of { $host } go unanswered
    .relay-why = Nothing came back to the relay: a firewall on its network or in front of the server drops the connection. { -relay-path }
    .relay-fix-1 = If it fails there too, ask the mail provider whether port { $port } is open.
f-tcp-filtered-server-up = Connections to port { $port } of { $host } go unanswered
    .why = Nothing came back at all, yet the same server's web port (443) answered at once: the server is up, and a firewall on your network or your computer silently drops mail connections.
    .fix-1 = Try from another network (a phone's mobile data, say). If it works there, your network blocks this port.
    .fix-2 = Check firewall or antivirus software on your computer, and ask your network's administrator.
    .relay = { $from }, connections to port { $port } of { $host } go unanswered
    .relay-why = Nothing came back to the relay, yet the server's web port (443) answered: a firewall on the relay's network or in front of the server drops mail. { -relay-path }
    .relay-fix-1 = If it fails there too, ask the mail provider whether port { $port } is open.
f-tcp-unreachable = { $host } cannot be reached
    .why = A router or firewall reported that the server cannot be reached from here.
    .fix-1 = Check your internet connection and any VPN; try again from another network.
    .relay = { $from }, { $host } cannot be reached
    .relay-why = A router or firewall reported that the server cannot be reached from the relay. { -relay-path }
f-ipv6-broken = { $host } has an IPv6 address that does not work
    .why = { $host } publishes an IPv6 address, but connecting to it fails ({ $outcome }), while IPv4 works. Mail apps that try IPv6 first may hang or fail on networks with IPv6.
    .fix-1 = If your mail app fails while others work, turn off IPv6 on this network or device, or ask your provider to fix its IPv6.
    .fix-2 = Tell the mail provider: its AAAA record points at an address that does not answer.
f-ipv4-broken = { $host } has an IPv4 address that does not work
    .why = { $host } publishes an IPv4 address, but connecting to it fails ({ $outcome }), while IPv6 works. Mail apps and networks that use IPv4 first, or only IPv4, cannot reach the server.
    .fix-1 = If your mail app fails on a network without IPv6 (many mobile and hotel networks), that is why: try a network with IPv6.
    .fix-2 = Tell the mail provider: its A record points at an address that does not answer.
f-port25-blocked = Your network blocks port 25
    .why = Connections to port 25 vanish while ports 465 and 587 of the same provider answer. Many internet providers block port 25 to stop spam; mail apps should send on 587 or 465 anyway.
    .fix-1 = Set the outgoing (SMTP) port to 587 with STARTTLS, or 465 with SSL/TLS.
    .fix-2 = Make sure your mail app logs in to send (SMTP authentication on).
    .relay = { $from }, port 25 is blocked
    .relay-why = From the relay, port 25 goes unanswered while 465 and 587 answer. Hosting networks often block port 25; yours may not. Mail apps should send on 587 or 465 anyway.
    .relay-fix-1 = Set the outgoing (SMTP) port to 587 with STARTTLS, or 465 with SSL/TLS.
    .relay-fix-2 = Make sure your mail app logs in to send (SMTP authentication on).
f-mail-ports-blocked = Your network blocks mail
    .why = Every mail port maildoctor tried on { $host } ({ $ports }) goes unanswered, while its web port 443 answers at once. A firewall between you and the server drops mail connections: on your computer (antivirus), your router, or your network (office, school, hotel or public Wi-Fi).
    .fix-1 = Try from another network, such as your phone's mobile data. If mail works there, this network blocks it.
    .fix-2 = Check the firewall or antivirus software on your computer.
    .fix-3 = Ask the network's administrator to allow ports 993 (IMAP) and 465/587 (SMTP).
    .relay = { $from }, mail ports are blocked
    .relay-why = From the relay, every mail port of { $host } ({ $ports }) goes unanswered while its web port 443 answers. { -relay-path }
    .relay-fix-1 = If mail fails there too, check its firewall and antivirus.
    .relay-fix-2 = Ask the mail provider whether ports 993 and 465/587 are open.
f-packet-loss = The connection to { $host } loses packets
    .why = Of the { $attempts ->
        [one] one connection
       *[other] { $attempts } connections
    } this check opened to it, { $failed } failed or stalled and { $retried } waited a second or more for a lost packet to be sent again. A packet is lost on the way, or dropped by a server too busy to take another connection: from one network the two look alike. Mail may work one moment and time out the next.
    .fix-1 = If you are on Wi-Fi, move closer to the router or try a cable; otherwise try another network.
    .fix-2 = If it persists on every network, tell the provider: the path to its server loses packets, or the server turns connections away when it is busy.
    .relay = { $from }, the connection to { $host } loses packets
    .relay-why = Of the { $attempts ->
        [one] one connection
       *[other] { $attempts } connections
    } the relay opened to it, { $failed } failed or stalled and { $retried } waited a second or more for a lost packet to be sent again, lost on the way or dropped by a busy server. { -relay-path }
f-high-latency = The path to { $host } is slow
    .why = Every exchange with it takes { $median } ms there and back (a few tens is usual), measured on the connections this check opened. Mail apps with short timeouts may give up.
    .fix-1 = Check for a VPN, a satellite or mobile link, or a busy network; try another network.
    .fix-2 = Raise the server timeout in your mail app's advanced settings, if it has one.
    .relay = { $from }, the path to { $host } is slow
    .relay-why = Every exchange of the relay with it takes { $median } ms there and back (a few tens is usual). { -relay-path }

## Encryption

f-tls-too-old = The server only speaks an outdated TLS version
    .why = The newest encryption this server speaks is { $version }; current mail apps require TLS 1.2 or newer and refuse to connect.
    .fix-1 = Ask the mail provider to enable TLS 1.2 or 1.3; there is no safe setting on your side.
f-tls-too-old-unknown = The server only speaks an outdated TLS version
    .why = The newest encryption this server speaks is TLS 1.0 or 1.1; current mail apps require TLS 1.2 or newer and refuse to connect.
    .fix-1 = Ask the mail provider to enable TLS 1.2 or 1.3; there is no safe setting on your side.
f-tls-on-plain-port = Port { $port } does not use SSL/TLS from the start
    .why = Your mail app starts an encrypted (SSL/TLS) connection, but the server on this port answers in plain text: it expects STARTTLS or no encryption here.
    .fix-1 = Either set Security to STARTTLS on port { $port }, or keep SSL/TLS and change the port to { $tls_port }.
f-tls-stalled = The encrypted connection stalled
    .why = The server accepted the connection but never completed the TLS handshake.
    .fix-1 = Try again; if it persists, something on the path (a proxy or antivirus) may interfere with TLS.
f-tls-alert = The encrypted connection failed
    .why = The TLS handshake was aborted with the alert "{ $alert }".
    .fix-1 = Check the Security setting, and make sure your system and mail app are up to date.
f-tls-closed = The encrypted connection failed
    .why = The server closed the connection during the TLS handshake.
    .fix-1 = Check the Security setting in your mail app; try SSL/TLS on the provider's published port.
f-tls-failed = The encrypted connection failed
    .why = The TLS handshake did not complete: { $detail }.
    .fix-1 = Check the Security setting in your mail app; try SSL/TLS on the provider's published port.
f-cert-expired-on = The server's certificate has expired
    .why = The certificate that { $host } presents expired on { $date }. Your mail app will refuse the connection or warn you, because it can no longer prove it talks to the real server.
    .fix-1 = Tell your mail provider or server administrator: the certificate must be renewed.
    .fix-2 = Also check that your device's date and time are correct.
    .fix-3 = { -trust-fix }
f-cert-expired = The server's certificate has expired
    .why = The certificate that { $host } presents has expired. Your mail app will refuse the connection or warn you, because it can no longer prove it talks to the real server.
    .fix-1 = Tell your mail provider or server administrator: the certificate must be renewed.
    .fix-2 = Also check that your device's date and time are correct.
    .fix-3 = { -trust-fix }
f-cert-not-yet-valid = The server's certificate is not valid yet
    .why = The certificate is only valid from { $date }. Either your device's clock is wrong, or the server installed a certificate too early.
    .fix-1 = Check your device's date, time and time zone.
    .fix-2 = If they are right, tell the server administrator.
f-cert-not-yet-valid-undated = The server's certificate is not valid yet
    .why = The certificate is only valid from a later date. Either your device's clock is wrong, or the server installed a certificate too early.
    .fix-1 = Check your device's date, time and time zone.
    .fix-2 = If they are right, tell the server administrator.
f-cert-self-signed = The server uses a self-signed certificate
    .why = The certificate was not issued by an authority your device trusts; it signs itself. Mail apps refuse it or warn on every connection.
    .fix-1 = Ask the administrator to install a certificate from a public authority (for example Let's Encrypt).
    .fix-2 = { -trust-fix }
f-cert-untrusted = The server's certificate is not trusted
    .why = The certificate was issued by an authority this device does not know.
    .fix-1 = Ask the administrator to use a certificate from a public authority.
    .fix-2 = { -trust-fix }
f-cert-name-mismatch = The certificate is for another server name
    .why = You connect to { $expected }, but the certificate is for { $presented }. The server name in your settings may be an alias the certificate does not cover.
    .fix-1 = Use the server name the certificate names ({ $first }).
    .fix-2 = { -trust-fix }
f-cert-name-mismatch-unnamed = The certificate is for another server name
    .why = You connect to { $expected }, but the certificate is for other names. The server name in your settings may be an alias the certificate does not cover.
    .fix-1 = Use the server name your provider publishes.
    .fix-2 = { -trust-fix }
f-chain-incomplete = The server sends an incomplete certificate chain
    .why = The server leaves out an intermediate certificate, so some devices cannot check its certificate.
    .fix-1 = Tell the administrator to install the full chain (certificate plus intermediates).
f-cert-revoked = The server's certificate was revoked
    .why = The authority that issued the certificate has withdrawn it.
    .fix-1 = Tell the administrator: the server needs a new certificate.
    .fix-2 = { -trust-fix }
f-cert-rejected = The server's certificate was rejected
    .why = The certificate failed verification: { $detail }.
    .fix-1 = { -trust-fix }
f-intercepted-product = Something on your side intercepts the encrypted connection
    .why = You are not talking to the real server directly: the certificate was issued by "{ $issuer }", a product that inspects encrypted traffic. Antivirus "mail shield" features, company firewalls and some public networks do this; mail apps rightly refuse it.
    .fix-1 = { -intercept-fix-1 }
    .fix-2 = { -intercept-fix-2 }
    .relay = { $from }, something intercepts the encrypted connection
    .relay-why = Between the relay and the server, "{ $issuer }" replaces the server's certificate to inspect encrypted traffic. { -relay-path }
    .relay-fix-1 = If it is the same there, turn off TLS scanning in the antivirus, or ask the network's administrator.
f-intercepted-provider = Something on your side intercepts the encrypted connection
    .why = You are not talking to the real server directly: { $provider } uses certificates from a public authority, but this one is not trusted. Antivirus "mail shield" features, company firewalls and some public networks do this; mail apps rightly refuse it.
    .fix-1 = { -intercept-fix-1 }
    .fix-2 = { -intercept-fix-2 }
    .relay = { $from }, something intercepts the encrypted connection
    .relay-why = Between the relay and the server, something replaces { $provider }'s certificate with an untrusted one. { -relay-path }
    .relay-fix-1 = If it is the same there, turn off TLS scanning in the antivirus, or ask the network's administrator.
-trust-fix = Do not tell your mail app to trust this certificate permanently unless you know why it is wrong; an attacker could be in the middle.
-intercept-fix-1 = Turn off email or TLS scanning in your antivirus (or add your mail app as an exception).
-intercept-fix-2 = On a company network, ask IT whether mail traffic is inspected; try another network to confirm.

## Scanners whose root this device trusts

-scanner-why = a product on this computer or network that decrypts mail to inspect it, and whose own root your device trusts. Your mail app connects, yet it talks to the scanner, which can read your password and your mail; if the scanner is out of date, mail may also fail.
-scanner-relay-why = a product on the relay's computer or network that decrypts mail to inspect it. { -relay-path }
f-scanner-avast = Avast (or AVG) reads your encrypted mail
    .why = The certificate verifies, but it was issued by "{ $issuer }": { -scanner-why }
    .fix-1 = In Avast or AVG: Menu › Settings › Protection › Core Shields › Mail Shield, and untick "Scan inbound email (POP3, IMAP4)", "Scan outbound email (SMTP)" or "Scan email over SSL/TLS".
    .fix-2 = Or leave the shield on and add your mail app as an exception.
    .relay = { $from }, Avast (or AVG) reads the encrypted mail
    .relay-why = The certificate was issued by "{ $issuer }": { -scanner-relay-why }
f-scanner-kaspersky = Kaspersky reads your encrypted mail
    .why = The certificate verifies, but it was issued by "{ $issuer }": { -scanner-why }
    .fix-1 = In Kaspersky: Settings › Network settings › Encrypted connections scanning: choose "Do not scan encrypted connections", or add your mail app to the trusted applications.
    .fix-2 = Or turn off Mail Anti-Virus under Security settings.
    .relay = { $from }, Kaspersky reads the encrypted mail
    .relay-why = The certificate was issued by "{ $issuer }": { -scanner-relay-why }
f-scanner-eset = ESET reads your encrypted mail
    .why = The certificate verifies, but it was issued by "{ $issuer }": { -scanner-why }
    .fix-1 = In ESET: Setup › Advanced setup › Protections › SSL/TLS, and set your mail app to "Ignore" in the application scan rules (or turn off email client protection).
    .relay = { $from }, ESET reads the encrypted mail
    .relay-why = The certificate was issued by "{ $issuer }": { -scanner-relay-why }
f-scanner-bitdefender = Bitdefender reads your encrypted mail
    .why = The certificate verifies, but it was issued by "{ $issuer }": { -scanner-why }
    .fix-1 = In Bitdefender: Protection › Online Threat Prevention › Settings, and turn off "Email protection" (or "Encrypted web scan").
    .relay = { $from }, Bitdefender reads the encrypted mail
    .relay-why = The certificate was issued by "{ $issuer }": { -scanner-relay-why }
f-scanner-norton = Norton reads your encrypted mail
    .why = The certificate verifies, but it was issued by "{ $issuer }": { -scanner-why }
    .fix-1 = In Norton: Settings › Antivirus › Scans and Risks, and turn off "Email Antivirus Scan" (and SSL scanning, where offered).
    .relay = { $from }, Norton reads the encrypted mail
    .relay-why = The certificate was issued by "{ $issuer }": { -scanner-relay-why }
f-scanner-antivirus = Your antivirus reads your encrypted mail
    .why = The certificate verifies, but it was issued by "{ $issuer }": { -scanner-why }
    .fix-1 = { -intercept-fix-1 }
    .relay = { $from }, an antivirus reads the encrypted mail
    .relay-why = The certificate was issued by "{ $issuer }": { -scanner-relay-why }
f-scanner-proxy = Your company's network reads your encrypted mail
    .why = The certificate verifies, but it was issued by "{ $issuer }": { -scanner-why }
    .fix-1 = { -intercept-fix-2 }
    .relay = { $from }, a proxy reads the encrypted mail
    .relay-why = The certificate was issued by "{ $issuer }": { -scanner-relay-why }

## The mail protocol

f-web-answer = Something on your network answers for the mail server on port { $port }
    .why = A web server answered where the mail server should ("{ $said }…"). Wi-Fi sign-in pages (captive portals) and web proxies catch connections like this until you sign in or while they are in the way; a mail server never answers in HTTP.
    .fix-1 = Open any web page in your browser: if a Wi-Fi sign-in or terms page appears, accept it, then try again.
    .fix-2 = If you use a VPN or a proxy, turn it off (or on) and try again; otherwise try another network.
    .relay = { $from }, a web server answers on port { $port }
    .relay-why = A web server answered the relay where the mail server should ("{ $said }…"). { -relay-path }
    .relay-fix-1 = If it is the same there, open any web page and accept a Wi-Fi sign-in page if one appears.
f-protocol-mismatch = Port { $port } speaks { $actual }, not { $expected }
    .why = Your mail app expects a { $expected } server on port { $port }, but the server there speaks { $actual }. The port belongs to another kind of mail server.
    .fix-1 = Use port { $usual } for { $expected } with { $security }.
f-not-mail = Port { $port } is not a { $expected } server
    .why = The server on this port answered with something that is not a mail protocol.
    .fix-1 = Use port { $usual } for { $expected } with { $security }.
f-server-unavailable = The server is temporarily unavailable
    .why = The server turned the connection away with a temporary error: "{ $said }".
    .fix-1 = Wait a few minutes and try again; if it lasts, check the provider's status page.
f-client-blocked = The server refuses connections from your network
    .why = The server rejected the connection before any login: "{ $said }". It may block your IP address or network.
    .fix-1 = Try from another network; if that works, ask the provider why your address is blocked.
    .relay = { $from }, the server refuses the connection
    .relay-why = The server turned the relay away before any login: "{ $said }". It may block the relay's address, not yours.
f-plain-on-tls-port = Port { $port } expects SSL/TLS from the start
    .why = Your mail app connects without encryption, but the server on this port starts with a TLS handshake.
    .fix-1 = Set Security to SSL/TLS for port { $port }.
f-plain-on-tls-port-starttls = Port { $port } expects SSL/TLS from the start
    .why = Your mail app connects without encryption and plans to upgrade with STARTTLS, but the server on this port starts with a TLS handshake.
    .fix-1 = Set Security to SSL/TLS for port { $port }.
f-silent-tls-port = Port { $port } expects SSL/TLS from the start
    .why = Port { $port } is the { $protocol } port for SSL/TLS: the server waits for an encrypted hello and says nothing to a client that starts without encryption.
    .fix-1 = Set Security to SSL/TLS for port { $port }.
    .fix-2 = Or keep { $security } and use port { $starttls_port }.
f-no-greeting = The server accepted the connection but never said hello
    .why = After { $seconds } s the server had still not sent its greeting. It may be overloaded, or it waits for a TLS handshake (SSL/TLS on a port set up without it).
    .fix-1 = Check the Security setting: port { $port } usually uses { $usual }.
f-no-greeting-tls = The server accepted the connection but never said hello
    .why = After { $seconds } s the server had still not sent its greeting. It may be overloaded, or something on the path interferes.
    .fix-1 = Check the Security setting: port { $port } usually uses { $usual }.
f-server-closed = The server closed the connection
    .why = The server hung up during the { $step } step without saying why.
    .fix-1 = Try again later; if it keeps happening, the server may be refusing your network.
    .relay = { $from }, the server closed the connection
    .relay-fix-1 = If it works there, the server may be refusing the relay: try again later.
f-server-misbehaved = The server broke the mail protocol
    .why = During the { $step } step the server did something a mail server must not: { $what }.
    .fix-1 = Report this to the mail provider with the transcript below.
f-protocol-violation = The server broke the mail protocol
    .why = During the { $step } step the server did something a mail server must not: { $what }.
    .fix-1 = Report this to the mail provider with the transcript below.
f-local-failure = maildoctor could not finish this check
    .why = During the { $step } step the connection failed on maildoctor's side ({ $detail }), not because of the mail server. This says nothing about your settings.
    .fix-1 = Check again in a moment; if it keeps happening, check this computer's network connection.
    .relay = { $from }, maildoctor could not finish this check
    .relay-fix-1 = If it keeps happening, tell the relay's operator.
f-esmtp-inspection = A firewall on your network rewrites the mail conversation
    .why = The server's list of extensions arrived with parts blanked out ({ $masked }). Firewalls that "inspect" mail (Cisco's ESMTP inspection is the best known) do this, and in doing so hide STARTTLS, so your mail app cannot encrypt the connection.
    .fix-1 = { -esmtp-fix-1 }
    .fix-2 = { -esmtp-fix-2 }
    .relay = { $from }, a firewall rewrites the mail conversation
    .relay-why = The server's list of extensions reached the relay with parts blanked out ({ $masked }), which hides STARTTLS. { -relay-path }
    .relay-fix-1 = If it is the same there, use SSL/TLS on port 465 instead.
f-esmtp-inspection-harmless = A firewall on your network rewrites the mail conversation
    .why = The server's list of extensions arrived with parts blanked out ({ $masked }). Firewalls that "inspect" mail (Cisco's ESMTP inspection is the best known) do this; here it does not stop your settings from working, but it can hide STARTTLS.
    .fix-1 = { -esmtp-fix-1 }
    .fix-2 = { -esmtp-fix-2 }
    .relay = { $from }, a firewall rewrites the mail conversation
    .relay-why = The server's list of extensions reached the relay with parts blanked out ({ $masked }); harmless here, but it can hide STARTTLS. { -relay-path }
    .relay-fix-1 = If it is the same there, use SSL/TLS on port 465 instead.
-esmtp-fix-1 = Use SSL/TLS on port 465 instead: the firewall cannot see inside it, so it cannot rewrite it.
-esmtp-fix-2 = Ask whoever runs this network to turn off SMTP/ESMTP inspection on the firewall (Cisco ASA: "no inspect esmtp").
f-starttls-not-offered = The server does not offer STARTTLS on this port
    .why = Your mail app is set to upgrade the connection with STARTTLS, but the server does not offer it here, so the app stops (or would send your password unencrypted).
    .fix-1 = Use SSL/TLS on port { $tls_port } instead, if the provider offers it.
f-starttls-required = The server requires STARTTLS before you can log in
    .why = With Security set to None your mail app never upgrades the connection, and this server offers login (AUTH) only after STARTTLS, so sending will fail.
    .fix-1 = Set Security to STARTTLS on port { $port }, or SSL/TLS on port 465.
f-login-needs-tls = The server refuses logins without encryption
    .why = With Security set to None your mail app would log in unencrypted, and this { $protocol } server accepts logins only after encryption: { $protocol ->
        [IMAP] it announces LOGINDISABLED until STARTTLS has run, so the IMAP login command is refused
        [POP3] before STLS it offers neither USER/PASS nor an AUTH method
       *[other] it offers AUTH only after STARTTLS
    }. The login will fail.
    .fix-1 = Set Security to STARTTLS on port { $port }, or SSL/TLS on port { $tls_port }.
f-starttls-refused = The server refused STARTTLS
    .why = The server advertised STARTTLS but refused it: "{ $said }".
    .fix-1 = Use SSL/TLS on port { $tls_port } instead.

## The login

f-plaintext-refused = The server refuses logins without encryption
    .why = The server said: "{ $said }". It only accepts your password over an encrypted connection.
    .fix-1 = Set Security to SSL/TLS (port { $tls_port }) or STARTTLS.
    .fix-2 = If your app already sent the password unencrypted, change your password.
f-plaintext-refused-no-login = The server refuses logins without encryption
    .why = Before encryption the server offers no way to log in (it announces STARTTLS and no login). It only accepts your password over an encrypted connection.
    .fix-1 = Set Security to SSL/TLS (port { $tls_port }) or STARTTLS.
    .fix-2 = If your app already sent the password unencrypted, change your password.
f-username-format = Use your full email address as the username
    .why = The server refused the username as you typed it ("{ $said }"), and accepted the same password with your full email address.
    .fix-1 = In your mail app's account settings, set the username to your full email address, for both incoming and outgoing mail.
f-password-expired = Your password has expired
    .why = The server said: "{ $said }".
    .fix-1 = Sign in to your provider's website, set a new password, then enter it in your mail app.
f-account-locked = Your account is locked or disabled
    .why = The server said: "{ $said }".
    .fix-1 = Contact your provider or administrator to unlock the account.
f-login-unavailable = The login service is temporarily unavailable
    .why = The server said: "{ $said }". This is a problem on the server's side, not your password.
    .fix-1 = Try again in a few minutes.
f-invalid-credentials = The server did not accept your username or password
    .why = The server said: "{ $said }".
    .fix-1 = Type the password again, carefully; check Caps Lock.
    .fix-2 = Use your full email address as the username if you typed only the part before the @.
    .fix-3 = If your account has two-step verification, your provider may require an app password for mail apps.
f-token-refused = The server did not accept the sign-in token
    .why = The server said: "{ $said }". An OAuth access token is refused when it has expired, was revoked, or was issued for another account or without mail access.
    .fix-1 = Sign in again in your mail app (remove and re-add the account if it keeps failing), so it gets a fresh token.
    .fix-2 = If your organisation manages the account, ask whether mail access (IMAP, POP, SMTP) is allowed for your app.
f-login-rejected = The server refused the login
    .why = The server said: "{ $said }".
    .fix-1 = Read the server's message above; it names the reason. If it is unclear, contact your provider with it.
f-withheld = Your password was not sent
    .why = maildoctor did not try to log in: { $why }.
    .fix-1 = Fix the problem above first; then check again with your password.
f-mechanisms-unsupported = The server offers no login method mail apps use with a password
    .why = For { $protocol ->
        [SMTP] sending (SMTP)
       *[other] { $protocol }
    } the server offers only { $offered }, which sign in with a Kerberos ticket or a Windows domain account, not a password. maildoctor did not log in, so it cannot say whether your password works.
    .fix-1 = If your account is a company account, set the authentication method of your mail app's { $protocol ->
        [SMTP] outgoing (SMTP) server
       *[other] incoming ({ $protocol }) server
    } to Kerberos / GSSAPI (for GSSAPI) or NTLM (for NTLM; Outlook calls it "Secure Password Authentication (SPA)"), on a computer that is signed in to that network.
    .fix-2 = Otherwise ask your administrator which server and method to use for password logins.
f-mechanism-not-offered = This server does not take this kind of sign-in
    .why = Your sign-in needs { $wanted }, and this server offers only { $offered }. A sign-in token (OAuth) works only with servers that offer OAUTHBEARER or XOAUTH2; this one wants a password.
    .fix-1 = Sign in to this server with your password (or an app password) instead.
    .fix-2 = Or use your provider's server that accepts sign-in with your provider's account page (OAuth).
withheld-unsendable = the username or password contains a line break or NUL character
withheld-not-encrypted = the connection is not encrypted, and sending a password in plain text was not allowed
withheld-certificate = the server's certificate could not be verified, so it may not be the real server
withheld-literal = the username or password has characters that need an IMAP literal, which this server does not accept inline
withheld-mechanisms = the server offers only { $offered }, which maildoctor does not speak
f-auth-not-offered = The server offers no way to log in here
    .why = The server on port { $port } does not accept logins. It may be a server for receiving mail from other servers, not for your mail app.
    .fix-1 = Use the provider's submission port: { $tls_port } with SSL/TLS, or 587 with STARTTLS.
f-auth-not-offered-smtp = The server offers no way to log in here
    .why = The server on port { $port } does not accept logins (it announces no AUTH). It may be a server for receiving mail from other servers, not for your mail app.
    .fix-1 = Use the provider's submission port: { $tls_port } with SSL/TLS, or 587 with STARTTLS.

## Provider refusals (matched by code and text; the server's words follow)

refusal-app-password = This account needs an app password
    .why = The account has two-step verification, so the provider does not accept your normal password in mail apps. The server said: "{ $said }".
    .fix-1 = { -app-password-1 }
    .fix-2 = { -app-password-2 }
    .fix-3 = { -app-password-3 }
-app-password-1 = Create an app password in your account's security settings (it needs two-step verification turned on).
-app-password-2 = Enter that app password in your mail app instead of your normal password.
-app-password-3 = Or use an app that signs in with your provider's own sign-in page (OAuth).
refusal-web-login = Sign in on the web first
    .why = The provider blocked this sign-in as unusual and wants you to confirm it in a web browser. The server said: "{ $said }".
    .fix-1 = Sign in to your mail on the provider's website from this same network, and confirm the security alert.
    .fix-2 = Then try your mail app again; if it still fails, use an app password.
refusal-smtp-auth-disabled = Sending with a password is turned off for your organisation
    .why = Microsoft 365 has SMTP AUTH disabled for your tenant, so no mail app can send through it with a password. The server said: "{ $said }".
    .fix-1 = Ask your administrator to enable Authenticated SMTP for your mailbox (https://aka.ms/smtp_auth_disabled).
    .fix-2 = Or use a mail app that signs in with Microsoft (OAuth), such as Outlook.
refusal-basic-auth-disabled = Password sign-in is turned off
    .why = The provider no longer accepts a password from mail apps (basic authentication); app passwords are refused too. The server said: "{ $said }".
    .fix-1 = Use a mail app that signs in with the provider's sign-in page (OAuth), such as Outlook, Apple Mail or Thunderbird.
refusal-security-defaults = Your organisation blocks this kind of sign-in
    .why = Microsoft Entra security defaults block password sign-in from mail apps for your account. The server said: "{ $said }".
    .fix-1 = Ask your administrator for an exception, or use a mail app that signs in with Microsoft (OAuth).
refusal-too-many-connections = Too many mail apps are connected at once
    .why = The provider limits how many connections one account may have open, and that limit is reached. The server said: "{ $said }".
    .fix-1 = Close mail apps on other devices, or lower the number of connections in your app's advanced settings.
refusal-connection-limit = Too many mail apps are connected at once
    .why = The server limits how many connections one user may have from one address, and that limit is reached. The server said: "{ $said }".
    .fix-1 = Close mail apps on other devices behind the same network, then try again.
refusal-bad-attempts = Sign-in is blocked after too many failed attempts
    .why = The provider paused password sign-in for this account after repeated failures (Yahoo also says this when an app password is needed). The server said: "{ $said }".
    .fix-1 = Wait an hour, then sign in with an app password created in your account's security settings.
refusal-login-attempts = Sign-in is blocked after too many attempts
    .why = The provider temporarily refuses logins for this account. The server said: "{ $said }".
    .fix-1 = Wait a while; make sure no other device keeps trying an old password.
refusal-imap-disabled = Wrong password, or IMAP is turned off for the account
    .why = The provider refuses the login; it does not say whether the password is wrong or IMAP access is disabled. The server said: "{ $said }".
    .fix-1 = Turn on IMAP access in your mail account's web settings.
    .fix-2 = Then check the password (or use an app password).
refusal-microsoft-unsuccessful = The server did not accept your username or password
    .why = Microsoft uses this for a wrong password, a missing app password with MFA, or disabled SMTP AUTH. The server said: "{ $said }".
    .fix-1 = Check the password; with multi-factor sign-in use an app password.
    .fix-2 = Ask your administrator whether SMTP AUTH is enabled for your mailbox.
refusal-starttls-first = The server wants STARTTLS before anything else
    .why = Your mail app talks to the server without encryption, and this server requires STARTTLS first. The server said: "{ $said }".
    .fix-1 = Set Security to STARTTLS (port 587), or SSL/TLS on port 465.
refusal-old-tls = Your device's encryption is too old for this server
    .why = The server refuses TLS 1.0 and 1.1, which your mail app or system used. The server said: "{ $said }".
    .fix-1 = Update your mail app and operating system, or turn on TLS 1.2 in its settings.
refusal-in-use = The mailbox is in use by another app
    .why = Another mail app (perhaps on another device) is downloading this POP3 mailbox right now. The server said: "{ $said }".
    .fix-1 = Close the other app or wait until it finishes, then try again.
refusal-login-delay = You checked for mail too soon
    .why = The server allows a POP3 login only every few minutes. The server said: "{ $said }".
    .fix-1 = Set your mail app to check for new mail less often (every 15 minutes, say).
refusal-sys-temp = The server has a temporary problem
    .why = The server reports a temporary failure on its side. The server said: "{ $said }".
    .fix-1 = Try again in a few minutes.
refusal-account-locked = Your account is locked or disabled
    .why = The server refuses this account, whatever the password: it says the account is locked, suspended or disabled. The server said: "{ $said }".
    .fix-1 = Sign in to your provider's website to see why; an unlock or a new password is often offered there.
    .fix-2 = Otherwise contact your provider or administrator with the server's message.
refusal-password-expired = Your password has expired
    .why = The server accepts this account but not its old password any more. The server said: "{ $said }".
    .fix-1 = Sign in to your provider's website (or your organisation's password page), set a new password, then enter it in every mail app and device.
refusal-protocol-disabled = { $protocol } is turned off for your account
    .why = Your password may well be right: the server says this account may not use { $protocol }. Many providers switch IMAP or POP off until you turn it on in the web mail's settings, and some plans do not include it. The server said: "{ $said }".
    .fix-1 = Sign in to your web mail, open its settings (often "Forwarding and POP/IMAP" or "Mail apps") and turn { $protocol } access on.
    .fix-2 = If there is no such switch, ask your provider or administrator whether your plan includes { $protocol }.
refusal-client-address = The server refuses your internet address
    .why = The server does not take connections or logins from the address you are on: it is on a blocklist, outside the countries or networks the server allows, or banned after earlier failures. It is not your password. The server said: "{ $said }".
    .fix-1 = Try from another network (mobile data instead of Wi-Fi, or without a VPN); if that works, the address is the cause.
    .fix-2 = Ask your provider to unblock your address, quoting the server's message; a dynamic address from your internet provider is a common reason.
refusal-usage-limit = Your account has reached a usage limit
    .why = The provider limits how much one account may download or how many commands it may send in a day, and this account is over it for now. The server said: "{ $said }".
    .fix-1 = Wait a few hours (most such limits reset within a day) and close other apps that download the whole mailbox.
    .fix-2 = If it keeps happening, set your app to download fewer folders or only recent mail.
refusal-over-quota = Your mailbox is full
    .why = The account is over its storage quota; the server refuses (or will refuse) mail until space is freed. The server said: "{ $said }".
    .fix-1 = Sign in to your web mail, empty the Trash and Junk folders and delete large old messages.
    .fix-2 = Or ask your provider for more storage.
refusal-mechanism-weak = The server wants a stronger sign-in method
    .why = The server refuses the sign-in method used as too weak (RFC 4954's 5.7.9). The server said: "{ $said }".
    .fix-1 = In your mail app's server settings, set authentication to "Normal password" over SSL/TLS, or to OAuth2 if your provider offers it.
refusal-mechanism = This server does not accept this kind of login
    .why = The server does not support the sign-in method, or it is a server for receiving mail (MX), not for sending from a mail app. The server said: "{ $said }".
    .fix-1 = Use your provider's submission server (for Microsoft 365: smtp.office365.com, port 587, STARTTLS).

## It works

f-works = { $login ->
        [yes] { $direction ->
            [incoming] Receiving
           *[outgoing] Sending
        } mail works with these settings
       *[no] { $direction ->
            [incoming] The server for receiving mail
           *[outgoing] The server for sending mail
        } answers with these settings
    }
    .why = { $login ->
        [yes] maildoctor reached { $server } from here, signed in, and had a normal conversation with it.
       *[no] maildoctor reached { $server } from here and had a normal conversation with it up to the login, which was not tried. Whether your account works there is not known yet.
    }
f-sign-in-to-send = Sending needs your sign-in
    .why = This server offers login ({ $mechanisms }) and, as submission servers do, accepts mail only from signed-in users. A mail app set to send without signing in gets "530 Authentication required". No password was given, so maildoctor did not test the login itself.
    .fix-1 = In your mail app, turn on authentication for the outgoing server, with the same username and password as for incoming mail.
    .fix-2 = To test the login too, run the check again with your password.
f-plaintext-insecure = This connection is not encrypted
    .why = With security set to None, your password and mail cross the network readable by anyone on the path.
    .fix-1 = Switch to SSL/TLS on port { $tls_port } (or STARTTLS on port { $starttls_port }).

## Discovery

f-discovery-found = Settings that work for { $direction ->
        [incoming] incoming
       *[outgoing] outgoing
    } mail
    .why = maildoctor found and tested these: { $found }.
    .fix-1 = In your mail app, set the { $direction ->
        [incoming] incoming
       *[outgoing] outgoing
    } server to { $server }.
f-discovery-none = No working { $direction ->
        [incoming] incoming
       *[outgoing] outgoing
    } server found for { $domain }
    .why = maildoctor tried { $tried ->
        [one] one { $direction ->
            [incoming] incoming
           *[outgoing] outgoing
        } server setting
       *[other] { $tried } { $direction ->
            [incoming] incoming
           *[outgoing] outgoing
        } server settings
    } found by { $sources }, and none worked from here.
    .fix-1 = Look up the server settings in your provider's help pages and enter them as they are written.
f-provider-says = Your provider says { $expected }; your app uses { $given }
    .why = { $works ->
        [yes] Your app's { $direction ->
            [incoming] incoming
           *[outgoing] outgoing
        } settings work from here all the same, but they are not the ones your provider supports: they may stop working without notice.
       *[no] Your app's { $direction ->
            [incoming] incoming
           *[outgoing] outgoing
        } settings fail from here: { $failure }. Your provider's own page gives { $server } instead.
        [unencrypted] Your app's { $direction ->
            [incoming] incoming
           *[outgoing] outgoing
        } settings answer from here only without encryption, so maildoctor did not send your password there: your app would send it readable by anyone on the way. Your provider's own page gives { $server } instead.
    }
    .fix-1 = In your mail app, set the { $direction ->
        [incoming] incoming
       *[outgoing] outgoing
    } server to what your provider says: { $server }.
setting-shape = { $port } { $security }
setting-server = { $host } on port { $port } { $security }
setting-security-tls = with SSL/TLS
setting-security-starttls = with STARTTLS
setting-security-none = without encryption
vantage-heading = Compared with the relay at { $relay }:
vantage-no-address = no address
vantage-dns-differs = Your network's DNS resolver gives another address for { $host } than the internet does
    .why = From here, { $host } resolves to { $here }; from the internet, to { $there }. A resolver that is stale (an old cached answer), filtered (a parental or security filter) or hijacked (a hotel or ISP page) sends your mail app to the wrong place.
    .fix-1 = Restart your router or computer to clear a stale answer, or switch your computer's DNS to your provider's or a public resolver.
    .fix-2 = If you use a security or parental filter, or a VPN, turn it off and check again.
vantage-blocked-here = Your network blocks port { $port }: { $server } answers from the internet, but not from here
    .why = From here the connection was { $how }; from the internet it connected. Something between your computer and the internet stops this port: a home, hotel or company firewall, or your internet provider (many block port 25 for outgoing mail).
    .fix-1 = Use the server's other port if it has one (587 or 465 for sending, 993 for IMAP), or connect from another network.
    .fix-2 = Ask your network's administrator or internet provider to let port { $port } through.
vantage-intercepted-here = Something on your computer or network re-signs encrypted connections to { $server }
    .why = From here the server's certificate is issued by “{ $here }”; from the internet by “{ $there }”. An antivirus program that scans encrypted mail, or a company proxy, puts its own certificate in between: mail apps that do not trust it refuse to connect.
    .fix-1 = In your antivirus program, turn off scanning of encrypted (SSL/TLS) mail connections, or uninstall the program's mail shield.
    .fix-2 = On a company network, ask its administrators: their proxy intercepts mail.
vantage-stripped-here = Something on your network removes { $what } from what { $server } offers
    .why = From the internet the server offers { $what }; from here it does not. A firewall or “mail guard” on your network rewrites the server's answer, and your mail app then cannot encrypt or sign in.
    .fix-1 = Turn off the firewall's SMTP or mail inspection (“ESMTP inspection”, “mail guard”), or connect from another network.
    .fix-2 = Use the server's SSL/TLS port instead (465 or 993), which a firewall cannot rewrite.
vantage-only-here = { $server } works from the internet but fails from here
    .why = From here: { $failure }. The same settings work from the internet, so the server and the settings are fine: something about this computer or its network is in the way.
    .fix-1 = Check from another network (a phone's hotspot): if it works there, the network here is the cause.
    .fix-2 = Turn off a VPN, a proxy or an antivirus program's mail shield, and check again.
vantage-same-failure = { $server } fails the same way from here and from the internet
    .why = Both places see: { $failure }. Your network is not the cause: the mail server or these settings are.
    .fix-1 = Follow the fix for that failure below, or send this report to your mail provider.
vantage-verdict-network = Whose fault: your network. It stops what the internet lets through.
vantage-verdict-device = Whose fault: something on your computer or network (an antivirus program or a proxy) that re-signs encrypted connections.
vantage-verdict-server = Whose fault: the mail server or the settings, not your network. Both places see the same.
vantage-verdict-nobody = No one's: your servers work the same from here and from the internet.
f-host-mismatch = Your app uses { $given }, but { $domain } publishes { $target } as its { $direction ->
        [incoming] incoming
       *[outgoing] outgoing
    } server
    .why = { $given } fails from here: { $failure }. According to { $source }, the server is { $target }, not { $given }, and maildoctor reached { $server } without a problem.
    .fix-1 = In your mail app, change the { $direction ->
        [incoming] incoming
       *[outgoing] outgoing
    } server from { $given } to { $target }, { $keep }.

provider-gmail = { $provider }: Google accepts a password only as an app password (two-step verification on), or sign-in with Google (OAuth).
provider-outlook-com = { $provider }: Outlook.com no longer accepts passwords from mail apps: the app must sign in with Microsoft (OAuth).
provider-microsoft-365 = { $provider }: Microsoft 365 mailboxes need OAuth sign-in; SMTP with a password works only if the administrator enabled SMTP AUTH.
provider-yahoo = { $provider }: Yahoo requires an app password for mail apps (Account security, Generate app password).
provider-icloud-mail = { $provider }: iCloud needs an app-specific password from appleid.apple.com, and the full address as the username.
provider-aol = { $provider }: AOL requires an app password for mail apps.
provider-zoho-mail = { $provider }: Zoho needs IMAP turned on in its settings, and an app password when two-factor sign-in is on.
provider-fastmail = { $provider }: Fastmail requires an app password with IMAP/POP/SMTP access for mail apps.
provider-gmx = { $provider }: GMX needs POP3/IMAP access turned on in its web settings.
provider-web-de = { $provider }: WEB.DE needs POP3/IMAP access turned on in its web settings.
provider-mail-com = { $provider }: mail.com needs POP3/IMAP access turned on in its web settings.
provider-yandex-mail = { $provider }: Yandex needs mail-app access turned on and an app password.
provider-proton-mail = { $provider }: Proton Mail works in other mail apps only through Proton Mail Bridge running on the same computer, with the Bridge's own password.

## Each mail app's menus

app-outlook = Outlook (Windows)
    .server-1 = File › Account Settings › Account Settings, select the account, Change (or Repair › Advanced options).
    .server-2 = { $direction ->
        [incoming] Incoming
       *[outgoing] Outgoing
    } mail server: { $host }.
    .server-3 = More Settings › Advanced: { $direction ->
        [incoming] Incoming
       *[outgoing] Outgoing
    } server port { $port }, encrypted connection { $security }.
    .auth-1 = File › Account Settings › Account Settings, select the account, Change › More Settings › Outgoing Server.
    .auth-2 = Tick "My outgoing server (SMTP) requires authentication" and choose "Use same settings as my incoming mail server".
app-apple-mail = Apple Mail (Mac)
    .server-1 = Mail › Settings › Accounts, select the account, Server Settings.
    .server-2 = { $direction ->
        [incoming] Incoming
       *[outgoing] Outgoing
    } Mail Server: { $host }; untick "Automatically manage connection settings"; Port { $port }; { $tls ->
        [on] tick
       *[off] untick
    } "Use TLS/SSL".
    .auth-1 = Mail › Settings › Accounts, select the account, Server Settings.
    .auth-2 = Under Outgoing Mail Account, set Authentication to Password and enter your username and password.
app-thunderbird = Thunderbird
    .server-1 = { $direction ->
        [incoming] Account Settings › Server Settings.
       *[outgoing] Account Settings › Outgoing Server (SMTP), select the server, Edit.
    }
    .server-2 = Server Name { $host }, Port { $port }, Connection security { $security }.
    .auth-1 = Account Settings › Outgoing Server (SMTP), select the server, Edit.
    .auth-2 = Authentication method: Normal password (Encrypted password if the server asks for it); User Name: your username.
app-ios-mail = iPhone and iPad Mail
    .server-1 = { $direction ->
        [incoming] Settings › Apps › Mail › Mail Accounts, the account, Account: Incoming Mail Server Host Name, then Advanced.
       *[outgoing] Settings › Apps › Mail › Mail Accounts, the account, Account › SMTP › Primary Server.
    }
    .server-2 = Host Name { $host }; Use SSL { $tls ->
        [on] on
       *[off] off
    }; Server Port { $port }.
    .auth-1 = Settings › Apps › Mail › Mail Accounts, the account, Account › SMTP › Primary Server.
    .auth-2 = Authentication: Password; fill in User Name and Password.
app-gmail-app = Gmail app (Android)
    .server-1 = Settings, the account, { $direction ->
        [incoming] Incoming
       *[outgoing] Outgoing
    } settings.
    .server-2 = Server { $host }, Port { $port }, Security type { $security }.
    .auth-1 = Settings, the account, Outgoing settings.
    .auth-2 = Turn on "Require sign-in" and enter your username and password.

## The transcript (one line per observation)

ev-dns = DNS    { $type } { $name } via { $resolver }: { $answer } ({ $ms } ms)
ev-denied = DENIED { $address }: { $reason }
ev-tcp = TCP    { $address }: { $outcome } ({ $ms } ms)
ev-control = TCP    { $address } (control): { $outcome } ({ $ms } ms)
ev-latency = RTT    { $address }: { $connected } of { $attempts } connected; min { $min } ms, median { $median } ms, max { $max } ms
ev-tls = TLS    { $address }: { $version }, { $cipher }; { $verdict } ({ $ms } ms)
ev-cert = cert { $n }: { $subject } | issuer { $issuer } | { $from } .. { $until } | { $names }
ev-tls-failed = TLS    { $address }: FAILED, { $why } ({ $ms } ms)
ev-tls-probe = TLS?   a TLS hello on a second connection, since the port stayed silent to plain text:
ev-waiting = WAIT   { $step }: no answer yet after { $ms } ms
ev-greeting = HELLO  the server speaks { $protocol }: { $said }
ev-greeting-unknown = HELLO  no mail protocol: { $said }
ev-caps-plain = CAPS   before TLS: { $list }
ev-caps-tls = CAPS   with TLS: { $list }
ev-starttls-accepted = STARTTLS accepted: { $said }
ev-starttls-refused = STARTTLS REFUSED: { $said }
ev-auth-accepted = LOGIN  { $method } as { $user } accepted
ev-auth-rejected = LOGIN  { $method } as { $user } REJECTED [{ $code }]: { $said }
ev-auth-not-offered = LOGIN  not offered by the server
ev-auth-withheld = LOGIN  not attempted
ev-autoconfig = AUTOCONFIG { $url }: HTTP { $status }
ev-autoconfig-problem = AUTOCONFIG { $url }: HTTP { $status }, { $problem }
ev-autodiscover = AUTODISCOVER { $url }: HTTP { $status }, the mailbox is served at { $host }
ev-autodiscover-problem = AUTODISCOVER { $url }: HTTP { $status }, { $problem }
ev-failed = FAILED at { $step }: { $why }
ev-completed = DONE   { $protocol } dialog completed
ev-unknown = ?      an event this build does not know ({ $kind })

dns-no-data = no records of this type
dns-nxdomain = NXDOMAIN: the name does not exist
dns-servfail = SERVFAIL
dns-refused = REFUSED
dns-timeout = no answer
dns-error = error: { $message }

tcp-connected = connected
tcp-refused = refused (RST: nothing listens, or a firewall rejects)
tcp-timed-out = no answer (silently dropped)
tcp-unreachable = unreachable (ICMP from a router or firewall)
tcp-reset = reset
tcp-no-route = no route from here

cert-valid = certificate valid
cert-expired = certificate EXPIRED (not after { $date })
cert-not-yet-valid = certificate NOT YET VALID (not before { $date })
cert-self-signed = certificate SELF-SIGNED
cert-untrusted = certificate UNTRUSTED ISSUER
cert-wrong-name = certificate WRONG NAME (wanted { $expected }, has { $presented })
cert-incomplete = certificate INCOMPLETE CHAIN (an intermediate certificate is missing)
cert-revoked = certificate REVOKED
cert-rejected = certificate REJECTED ({ $detail })

tls-only-old = the server only speaks { $version }
tls-only-old-unknown = the server only speaks TLS 1.0 or 1.1
tls-not-tls = the server answered in plain text: "{ $text }" ({ $hex })
tls-alert = alert { $alert }
tls-timeout = no handshake in time
tls-closed = the server closed the connection
tls-other = { $detail }

failure-timeout = no answer within { $ms } ms
failure-deadline = the whole check ran out of time ({ $ms } ms)
failure-closed = the server closed the connection
failure-reset = the connection was reset
failure-line-too-long = a line longer than { $limit } bytes
failure-response-too-large = a reply of more than { $limit } lines
failure-tls-on-plain-port = TLS bytes where plain text was expected
failure-unreachable = no address could be connected
failure-no-address = no address to connect to
failure-local = a local error: { $detail }

violation-not-a-reply = a line that is not a reply of the protocol: "{ $line }"
violation-code-changed = the reply code changed from { $from } to { $to } inside one reply
violation-endless-challenges = the server kept asking for more after the login
violation-data-after-starttls = the server sent { $bytes ->
        [one] one byte
       *[other] { $bytes } bytes
    } after accepting STARTTLS; they were discarded and the connection closed

autoconfig-no-address = the host has no address maildoctor may connect to
autoconfig-unreachable = no address of the host accepted a connection
autoconfig-certificate = the certificate of the autoconfig server is not valid; its settings were not read
autoconfig-tls = the encrypted connection to the autoconfig server failed
autoconfig-bad-response = not a usable HTTP response ({ $detail })
autoconfig-status = no document (maildoctor does not follow redirects)
autoconfig-not-autoconfig = not an autoconfig document ({ $detail })
autoconfig-timeout = the server did not send the document in time

## The page's own labels

page-lede = Finds out why your mail app cannot connect to your mail server, from your own network, and tells you how to fix it.
page-language = Language
page-account = Your account
page-address = Email address
page-username = Username, if not your address
page-username-note = Leave empty when your mail app signs in with the email address.
page-password = Password (optional)
page-password-note = Your password goes only to the relay and from there only over verified TLS to your mail server. It is never stored, logged or put in a link.
page-incoming = Incoming mail
page-outgoing = Outgoing mail (SMTP)
page-server = Server
page-port = Port
page-protocol = Protocol
page-security = Security
page-username-field = Username
page-diagnose = Diagnose
page-cancel = Cancel
page-checking = Checking…
page-status-idle = Type your address. Add the servers your mail app uses to check them, or leave them empty and maildoctor finds settings that work.
page-status-cancelled = Cancelled. The checks that had finished are shown below.
page-status-failed = The check could not finish
page-port-invalid = "{ $input }" is not a port: use a number from 1 to 65535
page-severity-error = Problem
page-severity-warning = Warning
page-severity-info = Note
page-severity-ok = OK
page-fix = How to fix it
page-clients = Where to change it in your mail app
page-evidence = What maildoctor saw
page-follows = { $count ->
    [one] One more finding that follows from this
   *[other] { $count } more findings that follow from this
}
page-advanced = Advanced
page-token = OAuth access token (instead of the password)
page-token-note = For accounts that sign in with OAuth: the token is sent only to your servers and the ones your domain publishes, over verified TLS, and is never stored.
page-consent-why = maildoctor found servers that work, but they are not your domain's own settings (see above), so your password was not sent to them without your yes.
page-consent = Test my password on these settings
page-steps = Step by step
page-steps-summary = { $done } of { $total } servers checked
page-step-passed = passed
page-step-failed = failed
page-step-waiting = waiting
page-step-skipped = not tried
page-step-waited = waiting for { $seconds } s
page-step-took = { $ms } ms
page-step-at = at { $ms } ms
page-hop-computer = This computer
page-hop-relay = maildoctor relay
page-hop-dns = Name lookup (DNS)
page-hop-address = Server address
page-hop-port = Port
page-hop-tls = Encryption (TLS)
page-hop-login = Login
page-path-broken = The path breaks at: { $hop }
page-path-clear = The whole path works.
page-path-checking = The path is being checked.
page-matrix = Ports and security tried
page-matrix-caption = { $host }
page-matrix-more = { $count ->
    [one] One more server name tried
   *[other] { $count } more server names tried
}
page-cell-works = works
page-cell-failed = fails at { $step }
page-cell-checking = checking
page-cell-untested = not tested
page-working = { $proven ->
        [yes] Settings that work
       *[no] Settings that answer (not everything was tested to the end)
    }
page-copy = Copy
page-copy-field = Copy { $what }
page-copy-all = Copy all settings
page-copied = Copied: { $what }
page-copy-failed = The browser did not allow copying { $what }; select the text and copy it yourself.
page-export = Save or share this report
page-report = the report
page-download-markdown = Download as Markdown
page-download-json = Download as JSON
page-copy-report = Copy the report
page-share = Copy a share link
page-share-note = A share link holds the report itself, compressed, after the # sign, which browsers never send to a server. It never holds your password.
page-share-link = Share link
page-share-failed = This browser cannot make a share link; download the report instead.
page-share-broken = This share link is damaged or incomplete: ask for it again.
page-deep-link = Link that fills in these settings (no password)
page-shared = This is a shared report. It is read-only and shows what was seen when it was made.
page-check-again = Check again
page-relay-unknown = This page cannot tell where its relay is.
    .fix = Open maildoctor from its own address, or ask whoever embedded it to set the relay.
page-relay-unreachable = The maildoctor relay at { $url } cannot be reached.
    .fix = This is a problem with maildoctor, not with your mail. Check that you are online, and try again in a minute; if you run the relay yourself, start it.
page-relay-origin = The maildoctor relay at { $url } does not accept checks from this page.
    .fix = The relay only serves pages its operator allows. Use the page the relay itself serves, or ask its operator to allow this site.
page-relay-busy = The maildoctor relay is busy.
    .fix = It is full, restarting, or your network already has several checks open. Close other maildoctor tabs and try again in a minute.
page-relay-version = The relay speaks another version of maildoctor's protocol (this page: { $page }, the relay: { $relay }).
    .fix = Reload the page to get the version that matches the relay.
page-relay-silent = The relay accepted the connection and then stopped answering.
    .fix = Something between you and the relay may be holding the connection open (a proxy or a firewall). Try again, or use another network.
page-relay-said = The relay refused this page's request: { $message }
    .fix = This is a fault in maildoctor. Reload the page and try again.
page-relay-lost = The connection to the relay was lost before the checks finished.
    .fix = The results so far are shown. Check that you are online and try again.
page-relay-restarting = The maildoctor relay restarted before the checks finished.
    .fix = The results so far are shown. This is not a problem with your mail or your network: run the check again in a minute.
page-expected = Your provider's settings:
page-expected-incoming = Incoming: { $protocol } { $host }, port { $port }, { $security }
page-expected-outgoing = Outgoing: { $protocol } { $host }, port { $port }, { $security }
page-compare = Also check from { $relay } on the internet, and compare the two
page-compare-heading = From this computer and from the internet
page-compare-running = Checking from { $relay } too…
page-compare-failed = The check from { $relay } did not finish: { $problem }
page-relay-choose = Check from
page-relay-through = Checking through { $relay }.
page-relay-named = { $name }
page-relay-named-region = { $name } ({ $region })
page-relay-measured = { $name }: { $ms } ms away
page-relay-measured-region = { $name } ({ $region }): { $ms } ms away
page-relay-local = This computer: the most accurate for firewalls, VPNs and antivirus
page-relay-local-why = maildoctor is running on this computer, so the check sees your own network as your mail app does: firewalls, VPNs, proxies and antivirus included. A relay on the internet sees only its own network.
page-relay-local-how = Check from this computer instead
page-relay-local-prompt = Your browser may ask whether this page may look for devices on your local network: allow it, so that the page can reach maildoctor on this computer. Nothing else on your network is contacted. Safari does not let a secure page reach a program on this computer: use another browser, or open http://127.0.0.1:4587 itself.

## resolvers

f-resolver-denies-everything = Your network's DNS resolver is not answering truthfully
    .why = It says that no name exists, not even the internet's root zone, which always does. It denied { $count ->
        [one] one name
       *[other] { $count } names
    }: { $names }. A Wi-Fi that wants you to sign in first (a captive portal in a hotel, café or train), a network that is offline, or a DNS filter answers like this. Your settings are most likely fine: this is not a typo.
    .fix-1 = On a hotel, café or guest Wi-Fi, open a web browser, sign in on the network's page, then check again.
    .fix-2 = Otherwise switch networks (a phone's mobile data, say), or set your device's DNS to your router's or to a public resolver such as 1.1.1.1.
    .fix-3 = If you use a DNS filter, a VPN or a security app that filters names, turn it off and check again.
    .relay = { $from }, the DNS resolver is not answering truthfully
    .relay-why = It says that no name exists, not even the internet's root zone: it denied { $count ->
        [one] one name
       *[other] { $count } names
    }: { $names }. { -relay-resolver }
    .relay-fix-1 = If it is the same there, sign in on the Wi-Fi's page or switch networks.
f-resolver-denies = Your network's DNS resolver is not answering truthfully
    .why = It says { $names } { $count ->
        [one] does
       *[other] do
    } not exist, but the list of mail providers maildoctor keeps, or other resolvers on the internet, say otherwise. A Wi-Fi that wants you to sign in first (a captive portal), a network that is offline, or a DNS filter answers like this. Your settings are most likely fine: this is not a typo.
    .fix-1 = On a hotel, café or guest Wi-Fi, open a web browser, sign in on the network's page, then check again.
    .fix-2 = Otherwise switch networks (a phone's mobile data, say), or set your device's DNS to your router's or to a public resolver such as 1.1.1.1.
    .fix-3 = If you use a DNS filter, a VPN or a security app that filters names, turn it off and check again.
    .relay = { $from }, the DNS resolver is not answering truthfully
    .relay-why = It denied { $count ->
        [one] one name that exists
       *[other] { $count } names that exist
    }: { $names }. { -relay-resolver }
    .relay-fix-1 = If it is the same there, sign in on the Wi-Fi's page or switch networks.
f-resolver-sinkhole = Your network's DNS blocks { $name }
    .why = Your resolver answers { $sink } for { $name }: an address that leads nowhere, which is how a DNS filter (a parental or security filter, an ad blocker, a company's DNS policy) blocks a name. Other resolvers say: { $addresses }. Your mail app cannot reach the server through this resolver.
    .fix-1 = Allow { $name } in the DNS filter's settings, or turn off the filter, VPN or security app that filters names.
    .fix-2 = Or set your device's DNS to your router's or to a public resolver such as 1.1.1.1.
    .relay = { $from }, DNS blocks { $name }
    .relay-why = The relay's resolver answers { $sink } for { $name }, an address that leads nowhere (a DNS filter); other resolvers say { $addresses }. { -relay-resolver }
    .relay-fix-1 = If it is the same there, allow { $name } in the DNS filter, or turn the filter off.
f-resolver-slow = Your network's DNS resolver is slow
    .why = It took { $ms } ms to answer for { $name }. Mail apps still get the answer (they wait about 5 seconds before they give up a try), but every new connection starts that much later, and a little more delay makes lookups fail.
    .fix-1 = Restart your router; if lookups stay slow, set your device's DNS to your router's or to a public resolver such as 1.1.1.1.
    .relay = { $from }, the DNS resolver is slow
    .relay-why = It took { $ms } ms to answer for { $name }. { -relay-resolver }

## middleboxes
f-starttls-hidden = Your network hides encryption from your mail app
    .why = The server's list of extensions arrived without STARTTLS, yet STARTTLS worked when maildoctor tried it anyway ("{ $said }"). A device on your network (a firewall, router or proxy) removes encryption from the server's offer. Mail apps such as Outlook and Thunderbird then refuse to connect, or send your password and mail unencrypted.
    .fix-1 = Ask whoever runs this network to stop filtering mail (on Cisco firewalls: "no inspect esmtp"), or try from another network.
    .fix-2 = Until then, use SSL/TLS on port 465 (sending) or 993 (receiving) instead of STARTTLS on port { $port }: the device cannot see inside it.
    .relay = { $from }, something on the path hides encryption
    .relay-why = The server's list of extensions reached the relay without STARTTLS, yet STARTTLS worked when tried ("{ $said }"): something on the path removes it. { -relay-path }
    .relay-fix-1 = If it is the same there, use SSL/TLS on port 465 or 993 instead of STARTTLS on port { $port }.
f-starttls-blocked = A device on your network strips encryption
    .why = The server's list of extensions arrived without STARTTLS, and STARTTLS was refused when tried ("{ $said }"), although the server itself demands encryption first ("{ $demand }"). Something between you and the server removes STARTTLS and blocks it, so your mail app cannot encrypt the connection.
    .fix-1 = Use SSL/TLS on port { $tls_port } instead: the device cannot rewrite a connection that is encrypted from the start.
    .fix-2 = Ask whoever runs this network to turn off mail inspection on its firewall (Cisco ASA: "no inspect esmtp"), or try from another network.
    .relay = { $from }, something on the path strips encryption
    .relay-why = The server's list of extensions reached the relay without STARTTLS, and STARTTLS was refused ("{ $said }") although the server demands it ("{ $demand }"). { -relay-path }
    .relay-fix-1 = If it is the same there, use SSL/TLS on port { $tls_port } instead.
f-mtu-blackhole = Large packets are lost on the way to the server
    .why = The connection and the server's short replies got through, but the encrypted connection stalled when the server sent its certificate, the first large packet. Asked to send only small packets ({ $mss } bytes), the server completed it at once: the server works, and the path to it drops packets above some size without telling either side (an MTU black hole). VPN and PPPoE (DSL) tunnels are the usual cause.
    .fix-1 = If you use a VPN, disconnect it and try again; if that helps, lower the VPN's MTU (1400 is a safe value).
    .fix-2 = On a DSL (PPPoE) line, set the router's MTU to 1492 and turn on "MSS clamping" if it offers it.
    .fix-3 = If neither applies, tell your internet provider that large packets to this server are dropped.
    .relay = { $from }, large packets are lost on the way to the server
    .relay-why = From the relay, the connection stalled at the server's first large packet; with small packets ({ $mss } bytes) it completed. The relay's path drops large packets; yours may not.
    .relay-fix-1 = If it is the same there and you use a VPN or DSL (PPPoE), lower its MTU (1400 for a VPN, 1492 for DSL).
    .relay-fix-2 = { -relay-tell }
ev-tls-small-segments = TLS?   the stalled handshake again, asking for packets of at most { $mss } bytes:
ev-plain-command = { $command }   does the server want TLS first? { $said }
f-dns-nxdomain-denied = Your resolver says { $host } does not exist
    .why = Your network's resolver says there is no such name as { $host }, but its answers cannot be trusted (see above), so the name in your settings may well be right.
    .fix-1 = Fix the resolver as described above, then check again.
    .relay = { $from }, the DNS resolver says { $host } does not exist
    .relay-why = The relay's resolver says there is no such name as { $host }, but its answers cannot be trusted (see above), so the name in your settings may well be right.

## mechanisms
f-cram-md5-only = This server takes your password only by CRAM-MD5
    .why = The login worked, but only with CRAM-MD5 ("encrypted password", a challenge-response login): this { $protocol } server accepts no password sent as it is typed, not even over TLS. Mail apps send { $protocol ->
        [IMAP] the IMAP LOGIN command
        [POP3] USER and PASS
       *[other] AUTH PLAIN or AUTH LOGIN
    } by default, and that login fails here until the app is set to CRAM-MD5.
    .fix-1 = Thunderbird: { $protocol ->
        [SMTP] Account Settings › Outgoing Server (SMTP), select the server, Edit
       *[other] Account Settings › Server Settings
    }: Authentication method "Encrypted password".
    .fix-2 = Apple Mail and iPhone/iPad Mail: in the { $protocol ->
        [SMTP] outgoing (SMTP) server's
       *[other] incoming server's
    } advanced settings, Authentication "MD5 Challenge-Response".
    .fix-3 = Outlook cannot sign in to this server: it has no CRAM-MD5, and its "Secure Password Authentication (SPA)" is NTLM, which this server does not offer. Use another mail app, or ask the provider to accept normal passwords over TLS.
f-apop-only = This POP3 server takes your password only by APOP
    .why = The login worked, but only with APOP, POP3's challenge-response login: the server refuses USER and PASS and offers no AUTH method that sends the password as it is typed. Mail apps send USER and PASS by default, and that login fails here until the app is set to APOP.
    .fix-1 = Thunderbird: Account Settings › Server Settings: Authentication method "Encrypted password" (for POP3 Thunderbird then uses APOP).
    .fix-2 = Apple Mail: in the incoming server's advanced POP settings, Authentication "APOP". If the Authentication list of iPhone/iPad Mail has no APOP, it cannot sign in to this server.
    .fix-3 = Outlook cannot sign in to this server: it has no APOP, and its "Secure Password Authentication (SPA)" is NTLM, which this server does not offer. Use another mail app, or ask the provider to turn USER/PASS on over TLS.
f-user-pass-off = This POP3 server has turned off USER/PASS
    .why = The login worked with AUTH PLAIN, but the server does not offer POP3's USER and PASS commands. Apps that only send USER and PASS cannot log in here: Outlook does for POP3 with a normal password.
    .fix-1 = Thunderbird: Authentication method "Normal password" works (it uses AUTH PLAIN when the server offers it).
    .fix-2 = Apple Mail and iPhone/iPad Mail: Authentication "Password".
    .fix-3 = Outlook cannot log in to this POP3 server; set the account up as IMAP if the provider offers it, or use another mail app.

## relay

relay-why-limits-unavailable = this relay counts logins in a store it shares with other relays and cannot reach that store now, so it sends no password for the moment: a login it cannot count could get an account locked. Try again in a few minutes, or tell the relay's operator.

## part A (issue 19): where the checks ran

# A relay elsewhere, fronting a finding about the network path as that relay's view.
relay-from = { $shape ->
    [both] From the relay { $name } in { $region }
    [name] From the relay { $name }
    [region] From the relay in { $region }
   *[none] From the relay
}
# From a relay elsewhere, the first step of every finding about the network path (render.rs adds it before the message's .relay-fix-N).
relay-check-own = Check from your own computer: maildoctor check, or the local relay.
-relay-tell = If it is fine from your own computer, tell the relay's operator.
-relay-path = That is the relay's path, not yours.
-relay-resolver = That is the relay's resolver, not yours.
# Where the checks ran, for the report's "Checked from" line and its JSON.
checked-from-place = { $shape ->
    [here] this computer
    [both] the relay { $name } ({ $region })
    [name] the relay { $name }
    [region] the relay in { $region }
   *[none] a relay, not this computer
}
report-checked-from = Checked from: { $place }

## egress (part B, issue 19): a relay that cannot reach a port at all
f-relay-cannot-reach = The relay cannot test port { $port }
    .why = The relay that ran these checks cannot connect to port { $port } of any server: its own network stops it (many cloud providers block outbound port 25 against spam). So whether { $host } answers on port { $port }, and whether your network lets it through, is unknown. Nothing here says that your network or the server is at fault.
    .fix-1 = Check from your own computer: run “maildoctor serve --local” and choose “Check from this computer instead” on this page, or run “maildoctor check” with your address in a terminal.
    .fix-2 = { $port ->
        [25] Mail apps should send on port 587 (STARTTLS) or 465 (SSL/TLS) anyway: port 25 is for servers passing mail to each other.
       *[other] Or ask the operator of this relay to let it reach port { $port }.
    }

## local relay (part C, issue 19): pairing with this computer's relay, relays a link names
page-relay-link-refused = This link names a relay at { $host }, which this site does not run: it is not used, so your password cannot reach whoever runs { $host }. The check goes through this site's relay.
page-pair-needed = maildoctor runs on this computer but does not know this site yet, so it refuses to check for it.
page-pair-ask = Allow this site in maildoctor on this computer
page-pair-asked = The terminal where maildoctor runs asks “allow { $origin }? code { $code } [y/N]”. If its code is { $code }, type y there and press Enter.
page-pair-refused = maildoctor on this computer did not allow this site (the answer was no, or none came within two minutes). Ask again and answer y in its terminal, or check through the relay on the internet.

# first paint: index.html's first screen says this (in English) until the app has started
page-loading = Loading maildoctor…

## the page (issue 21): what the live region says, relays by name, this computer's relay when asked
page-said-started = Checking { $address }. The result is announced when the check is done.
page-said-end = { $verdict ->
        [problems] Problems found: { $cause }
        [warnings] It works, with a warning: { $cause }
        [not_verified] Not verified: { $cause }
       *[fine] No problems found: { $cause }
    }
page-said-progress = Still checking: { $tried ->
        [one] one server setting
       *[other] { $tried } server settings
    } tried so far.
page-said-failed = The check could not finish: { $why }
page-relay-own = this site's relay
page-relay-local-start = Run “maildoctor serve --local” on this computer, then look for it here: the check then sees your firewall, VPN and antivirus as your mail app does. This browser remembers it.
page-relay-local-look = Look for maildoctor on this computer
page-relay-local-missing = maildoctor does not answer on this computer ({ $host }). Start it with “maildoctor serve --local”, then look again.

## Issue 22: the app is the suspect, and what cannot be seen

f-app-suspect = { $sides ->
        [both] Receiving and sending work
        [incoming] Receiving works
       *[outgoing] Sending works
    } with your settings: look at the app
    .why = maildoctor signed in with the settings you typed{ $compared ->
        [differs] , which differ from { $source }: { $changes }
       *[same] {""}
    }. Name, connection, encryption and login passed. If your app still fails, look at what it saved: password, account, profile, add-ins.
    .fix-1 = Type the password again in the app.
    .fix-2 = Still failing: remove the account and add it again, update the app, start it without add-ins, make a new profile.
suspect-change = { $direction ->
        [incoming] receiving
       *[outgoing] sending
    } { $field ->
        [host] server
        [port] port
       *[security] encryption
    } { $given } instead of { $other }
f-app-unproven = Your app cannot be blamed yet
    .why = { $sides ->
        [both] The servers answer
        [incoming] The server for receiving answers
       *[outgoing] The server for sending answers
    } with your settings, but no login proved your account.
    .fix-1 = Check again with your password.
f-unseen = What maildoctor cannot see
    .why = It sends no message, so it cannot see content filters, rules against certain apps, or size limits. { $size ->
        [limit] The sending server takes messages up to { $mb } MB: attachments up to about { $attach } MB.
        [bytes] The sending server takes messages up to { $bytes } bytes.
        [none] The sending server states no fixed size limit.
        [unstated] The sending server does not say how large a message may be.
       *[unchecked] No sending server was checked.
    }
    .fix-1 = Only some messages fail? Send one without attachments.
    .fix-2 = Only this app fails, and webmail works? Ask your provider whether it blocks the app.
app-outlook-new = new Outlook (Windows)
app-samsung-email = Samsung Email (Android)
reset-outlook =
    .step-1 = File › Account Settings › Account Settings › Change: the password; or Remove, then File › Add Account.
    .step-2 = File › Office Account › Update Options › Update Now.
    .step-3 = Windows+R: outlook.exe /safe. Works then? File › Options › Add-ins › Go: untick them.
    .step-4 = Control Panel › Mail › Show Profiles › Add: a new profile.
reset-outlook-new =
    .step-1 = Settings › Accounts › Email accounts › Manage › Remove, then Add account.
    .step-2 = Update it in the Microsoft Store; or Windows Settings › Apps › Installed apps › Outlook (new) › Advanced options › Reset.
reset-thunderbird =
    .step-1 = Settings › Privacy & Security › Saved Passwords: remove the server's; or Account Settings › Account Actions › Remove Account.
    .step-2 = Help › About Thunderbird: updates.
    .step-3 = Help › Troubleshoot Mode (or Shift at start). Works then? Turn add-ons off in Add-ons and Themes.
    .step-4 = thunderbird -P › Create Profile.
reset-apple-mail =
    .step-1 = Mail › Settings › Accounts › Server Settings: the password; or remove the account (−) and add it (+).
    .step-2 = System Settings › General › Software Update.
    .step-3 = Mail › Settings › General › Manage Mail extensions: off.
reset-ios-mail =
    .step-1 = Settings › Apps › Mail › Mail Accounts › the account: the password; or Delete Account, then Add Account.
    .step-2 = Settings › General › Software Update.
reset-gmail-app =
    .step-1 = Profile picture › Manage accounts on this device: remove the account, add it again.
    .step-2 = Play Store: update Gmail. Android Settings › Apps › Gmail › Storage › Clear storage.
reset-samsung-email =
    .step-1 = Settings › Accounts and backup › Manage accounts › Remove account; add it again in Samsung Email.
    .step-2 = Galaxy Store: update it. Settings › Apps › Samsung Email › Storage › Clear data.

## Issue 22: the server stopped answering this address
-ban-fix-device = Find the device that still has an old password (a phone, tablet, old laptop or second mail app) and correct it there, or switch it off.
-ban-fix-wait = Wait for the ban to end (fail2ban: 10 minutes by default; CSF and cPanel's cPHulk often far longer), or ask your provider to unban your address.
f-server-ban = { $host } has stopped answering your address
    .why = { $host } answered, refused the login ({ $said }), then went silent on port { $ports }. Servers ban an address after repeated failed logins (fail2ban, cPHulk, CSF) and then drop it without a word: not your network's fault.
    .fix-1 = { -ban-fix-device }
    .fix-2 = { -ban-fix-wait }
    .relay = { $from }, { $host } stopped answering
    .relay-why = { $host } refused the login ({ $said }), then went silent on port { $ports } to the relay's address. { -relay-path }
f-server-ban-host = { $host } has stopped answering your address
    .why = Ports { $ports } and even 443 of { $host } are silent, while { $other } answers: your network lets mail through. The server ignores your address: most often a ban after failed logins from a device with an old password, or it is down.
    .fix-1 = { -ban-fix-device }
    .fix-2 = { -ban-fix-wait }
    .fix-3 = To confirm: on your phone's mobile data (another address), { $host } answers.
    .relay = { $from }, { $host } stopped answering
    .relay-why = Every port of { $host } ({ $ports }, 443) is silent to the relay while { $other } answers. { -relay-path }
f-ban-or-firewall = A firewall here, or a ban of your address: cannot tell
    .why = Nothing answered: a firewall here and { $host } banning your address after failed logins look the same.
    .fix-1 = Try your phone's mobile data. If mail works there, check another provider's server from here: if it answers, { $host } banned your address.
    .fix-2 = { -ban-fix-wait }
    .relay = { $from }, nothing answered: a firewall there, or a ban of the relay's address
    .relay-why = A firewall on the relay's path and { $host } banning the relay's address look the same. { -relay-path }

## Issue 22: the clock
-clock-fix = Turn on "Set date and time automatically" in your device's settings and check its time zone, then try again.
f-clock-wrong = This device's clock is { $n } { $unit ->
        [minutes] min
        [hours] h
       *[days] days
    } { $way ->
        [behind] behind
       *[ahead] ahead
    }
    .why = It says { $device } UTC; { $by ->
        [relay] maildoctor's relay
       *[server] { $server }
    } says { $right } UTC. Mail apps check certificates against this clock; a wrong one makes them refuse servers.
    .fix-1 = { -clock-fix }
f-clock-wrong-cert = This device's clock is { $n } { $unit ->
        [minutes] min
        [hours] h
       *[days] days
    } { $way ->
        [behind] behind
       *[ahead] ahead
    }: mail apps refuse { $host }'s certificate
    .why = It says { $device } UTC; { $by ->
        [relay] maildoctor's relay
       *[server] { $server }
    } says { $right } UTC. By this clock the certificate { $problem ->
        [expired] expired on { $date }
       *[early] is valid only from { $date }
    }, though it is valid now.
    .fix-1 = { -clock-fix }

## Issue 22: old mail apps and the server's TLS
f-tls-floor-old = { $host } still accepts { $lowest }
    .why = Oldest: { $lowest } ({ $old_cipher }); newest: { $newest } ({ $cipher }). Old apps connect too: the TLS version does not stop yours.
f-tls-floor-12 = { $host } needs TLS 1.2 or newer
    .why = It refused TLS 1.1 ({ $newest }: { $cipher }; TLS 1.2: { $old_cipher }). These cannot connect: Outlook on Windows 7 without update KB3140245 and its TLS 1.2 registry settings, and apps on Android before 5.0 that do not turn TLS 1.2 on.
    .fix-1 = On such a device, install that update with its registry settings, or use a newer device or app.
f-tls-floor-13 = { $host } speaks only TLS 1.3
    .why = It refused TLS 1.2 (TLS 1.3: { $cipher }). Windows 10 and older have no TLS 1.3 for their own apps, so Outlook classic there cannot connect; nor can Android 9 or older, or iOS before 12.2.
    .fix-1 = Use Windows 11, Android 10 or iOS 12.2 or newer, or ask the provider to accept TLS 1.2 too.
ev-tls-versions = TLS?   older versions at { $address }: { $list }
ev-tls-version-took = { $version } taken ({ $cipher })
ev-tls-version-refused = { $version } refused
ev-tls-version-silent = { $version } no answer

## Issue 22: slow servers against mail apps' timeouts
f-slow-for-apps = The server answers too slowly for some mail apps
    .why = Its { $reply ->
        [greeting] greeting
        [capabilities] list of capabilities
       *[login] answer to the login
    } came after { $seconds } s; { $apps } { $count ->
        [one] gives
       *[other] give
    } up sooner. Connecting took { $connect } ms, so the wait is the server's, not the network's.
    .fix-1 = { -slow-ask }
    .fix-2 = Meanwhile, set the account up by hand rather than letting the app search, and raise the app's server timeout if it has one.
f-slow-reply = The server answers slowly
    .why = Its { $reply ->
        [greeting] greeting
        [capabilities] list of capabilities
       *[login] answer to the login
    } came after { $seconds } s. Outlook and Thunderbird for Android wait 60 s, Thunderbird 100 s; Apple Mail, Gmail and Samsung Email do not say how long they wait. Connecting took { $connect } ms, so the wait is the server's, not the network's.
    .fix-1 = { -slow-ask }
    .fix-2 = If an app gives up on it, raise its server timeout if it has one.
-slow-ask = Ask the provider why the server answers so slowly: usually it is overloaded, or its password check is.
slow-app-thunderbird-setup = Thunderbird's account setup ({ $seconds } s)
slow-app-thunderbird-android = Thunderbird for Android ({ $seconds } s)
slow-app-outlook = Outlook ({ $seconds } s)
slow-app-thunderbird = Thunderbird ({ $seconds } s)

## Issue 22: a certificate that changed

f-cert-renewed = { $host } has a renewed certificate since your last check
    .why = The same authority signs it ({ $issuer }); it is valid from { $from } to { $until }. Certificates are renewed every few months, so this is normal.
    .fix-1 = If your mail app had been told by hand to trust the old certificate (a security exception), remove that exception; the new one needs none.
f-cert-another = { $host } showed another certificate from the same authority than at your last check
    .why = Both are signed by { $issuer }. Providers serve one name from several machines, each with its own certificate, so this is usually harmless.
    .fix-1 = Nothing to do, unless your mail app asks you to trust a certificate by hand: then compare its SHA-256 fingerprint with { $sha256 }.
f-cert-new-issuer = Someone else signs the certificate of { $host } now
    .why = At your last check it was signed by { $before_issuer }; now by { $issuer } (valid from { $from }). Either your provider changed its certificate authority, or something on the path (an antivirus, a company proxy, a hostile network) re-signs the connection.
    .fix-1 = Check again from another network, such as a phone's mobile data: if the certificate there is signed by { $before_issuer }, something on this network re-signs your mail.
    .fix-2 = Ask your provider whether it changed its certificate authority around { $from }.

## Issue 23: (anchor: APPERR)
f-app-error-read = { $outcome ->
        [found] Your app's message is explained: { $cause }
        [other] The check found another problem than your app's message names
        [passed] What your app's message is about works from here
        [app] Your app's message is about the app itself
        [checking] Reading your app's message
       *[unproven] Your app's message is not explained yet
    }
    .why = { $coded ->
        [yes] Outlook's code { $code } means
       *[no] Your app's message means
    } { $trouble ->
        [connect] it could not reach
        [timeout] it waited in vain for
        [interrupted] its connection was cut by or on the way to
        [login] the user name or password was refused by
        [send] a message or the connection to send was refused by
        [unknown-host] it could not find the name of
        [certificate] it did not accept the certificate of
        [security] the encryption it was set to does not fit
       *[app-data] a problem with its own data file, not with
    } { $side ->
        [incoming] the incoming server
        [outgoing] the outgoing server
       *[either] the mail server
    }. { $trouble ->
        [login] So maildoctor looked first at the login with your user name and password.
        [send] So maildoctor looked first at sending: the port, whether the network blocks port 25, and the login.
        [unknown-host] So maildoctor looked first at the server's name in DNS.
        [certificate] So maildoctor looked first at the certificate, and at your device's clock.
        [security] So maildoctor looked first at the port and its encryption.
        [app-data] No check of a server can see it.
       *[other] So maildoctor looked first at the server's name, the connection and the encryption.
    } { $outcome ->
        [found] It found the cause: "{ $cause }", below.
        [other] It did not find that, but found "{ $cause }", below; fix that first.
        [passed] All of that passed from here, so the message points at the app: the password or settings it has saved, or the network it runs on, if not this one.
        [checking] The check is still running.
        [app] The message is about Outlook's data file on your computer.
       *[unproven] Nothing failed, but this check could not prove it: see what was not tested.
    }
    .fix-1 = { $outcome ->
        [found] Fix what the finding "{ $cause }" says, then try the app again.
        [other] Fix what the finding "{ $cause }" says, then try the app again.
        [passed] Compare the settings in your app with those this check used, and type the password into the app again.
        [app] In Outlook, open File, Account Settings, Data Files, and check that the data file exists; Microsoft's Inbox Repair Tool (scanpst) can repair it.
        [checking] Wait for the check to finish.
       *[unproven] Check again with your password, so the login is tested too.
    }
page-app-error = What did your mail app say? (optional)
page-app-error-note = Paste its error message or code, such as 0x800CCC0E: the report says what it means.
f-app-error-unknown = maildoctor does not know your app's message
    .why = None of the app messages maildoctor knows matches the text you gave, so it does not guess what it means. The checks ran as usual; their findings are below.
    .fix-1 = Copy the message whole, with any error code such as 0x800CCC0E, and check again.

## Issue 23: (anchor: ISPDB)
f-ispdb-snapshot = The settings for { $domain } come from maildoctor's copy of Thunderbird's ISP database, dated { $date }
    .why = { $why ->
        [off] This check asks no live ISP database.
        [not-listed] The live ISP database no longer lists { $domain }: the entry may have been removed on purpose.
       *[unreachable] The live ISP database could not be reached from here.
    } The copy's entry is { $file }; its servers were tried like any others, so what works is proven, not assumed.
    .fix-1 = Use the settings this report found to work; if none did, ask your provider for the current ones.
f-ispdb-changed = Thunderbird's ISP database has changed its entry for { $domain } since maildoctor's copy of { $date }
    .why = Added since then: { $added }. Gone since then: { $removed }. The live entry's servers were the ones tried.
    .fix-1 = Nothing to do for your mail; an app that set up the account from an older entry may still use the servers that are gone.
ispdb-wrong-entry = { $server }: { $disproof ->
        [no-host] the name { $host } does not exist
        [closed] port { $port } is closed while the host answers on another port
        [no-tls] the server answers without encryption on port { $port }, so "SSL/TLS" there is wrong
        [tls-only] the server expects encryption from the start on port { $port }, so "STARTTLS" or none there is wrong
        [no-starttls] the server does not offer STARTTLS
       *[other-protocol] another kind of server answers on port { $port }
    }
f-ispdb-stale = Thunderbird's ISP database is out of date for { $domain }
    .why = Its entry ({ $entry }) names servers that do not work as it says, tested from here: { $wrong }. { $answered ->
        [yes] What did answer as listed: { $works }.
       *[no] None of the entry's servers answered as listed.
    } { $copy ->
        [live] Thunderbird and other apps that read this database set up accounts from it.
       *[other] This is maildoctor's copy of { $copy }: the live database may have been corrected since.
    }
    .fix-1 = Set your app to the servers this report found to work, not the database's.
    .fix-2 = Tell Thunderbird's ISP database at { $report }: name { $domain }, the entry, and what this report found, so it is corrected for everyone.
page-ispdb-preset = Thunderbird's ISP database (copy of { $date }) lists for { $domain }: incoming { $incoming }, outgoing { $outgoing }. Not yet tested.
page-ispdb-fill = Use these settings

## Issue 23: (anchor: AUTODISCOVER)
f-autodiscover-answered = These settings came from Autodiscover at { $url }
    .why = The domain's own Autodiscover answered in Outlook's XML format, with no password sent to it; maildoctor then tested the servers it names.
f-autodiscover-none = Autodiscover at { $domain } gave no settings
    .why = maildoctor asked where Outlook asks, without a password: { $steps }.
    .fix-1 = If { $domain } should set up mail apps by itself, its administrator can publish Autodiscover at https://autodiscover.{ $domain }/autodiscover/autodiscover.xml, or an autoconfig file.
f-autodiscover-redirect-refused = Autodiscover redirect not followed: { $to }
    .why = { $url } pointed to { $to }. maildoctor did not follow it: { $why }.
    .fix-1 = { $kind ->
        [public_suffix] Tell the domain's administrator: anyone can register this name, and Outlook may send the mail password there. The redirect must go.
       *[other] Nothing to do while Outlook sets up this mailbox; if it cannot, the administrator should make Autodiscover answer at an https:// address inside the domain.
    }
ad-step-no-address = { $url }: no such name, or no address maildoctor may connect to
ad-step-unreachable = { $url }: no connection, or no answer in time
ad-step-tls = { $url }: the encrypted connection failed or its certificate is not valid, so its answer was not read
ad-step-wants-login = { $url }: asks for a password (HTTP { $status }); maildoctor never sends one to Autodiscover
ad-step-no-redirect = { $url }: no redirect to an https:// address (HTTP { $status }), the only thing plain HTTP is asked for
ad-step-status = { $url }: no Autodiscover there (HTTP { $status })
ad-step-not-autodiscover = { $url }: answered, but not with Autodiscover settings ({ $detail })
ad-step-redirected = { $url }: redirected to { $to }, followed
ad-step-refused = { $url }: redirected to { $to }, not followed: { $why }
ad-step-settings = { $url }: settings { $servers }
ad-why-not-https = it is not an https:// address, and anyone on the way can change a plain-HTTP answer
ad-why-not-autodiscover = it is not an Autodiscover address (another path or port, or a user name in it)
ad-why-public-suffix = anyone can register that name (the 2021 Autodiscover leak sent passwords to such names)
ad-why-other-domain = it is outside the address's own domain, and the domain's DNS does not name it
ad-why-loop = it leads back to a place already asked
ad-why-too-many-hops = more than { $hops } redirects in a row

## Issue 23: (anchor: HANDOFF)
handoff-no-password = Neither file holds your password: the app asks for it.
handoff-oauth = You signed in with your provider's account (OAuth), not a password: the Thunderbird file says so, and there is no file for Apple Mail, whose profiles cannot carry that sign-in. Add the account in Apple Mail's settings instead, where it offers your provider's sign-in.
handoff-login-untested = The login was not tested (no password was given, or it was not sent): the connection works, but only the app's first sign-in shows whether the username and password do.
handoff-missing = { $side ->
    [incoming] No file is made: no incoming server (IMAP or POP3) was proven to work with encryption, and an app needs both directions.
   *[outgoing] No file is made: no outgoing server (SMTP) was proven to work with encryption, and an app needs both directions.
}
handoff-saved = { $kind ->
    [mobileconfig] Profile for iPhone, iPad and Mac saved: { $path }
   *[autoconfig] Thunderbird autoconfig saved: { $path } (to publish at { $url })
}
page-handoff-heading = Hand these settings to your app
page-handoff-mobileconfig = For iPhone, iPad and Mac
page-handoff-mobileconfig-hint = Open the downloaded profile, then install it in Settings (on a Mac: System Settings, Profiles). It asks for your password.
page-handoff-autoconfig = Thunderbird autoconfig
page-handoff-autoconfig-hint = For the domain's admin: publish this file at { $url }, and Thunderbird sets up every mailbox of the domain by itself.
page-handoff-qr = Open on your phone
page-handoff-qr-hint = Scan it with your phone's camera: maildoctor opens there with these settings filled in, without the password.

## Issue 23: (anchor: OAUTH)
oauth-device-open = To sign in, open { $url } in a browser on any device and enter the code { $code }
oauth-device-open-direct = Or open this address, which carries the code: { $url }
oauth-device-waiting = Waiting for you to sign in (the code is valid for { $minutes } min)...
oauth-signed-in = Signed in at { $provider }: the check now logs in with the token it gave.
oauth-denied = The sign-in at { $provider } was refused (you declined it, or the account may not let this app in). Nothing was checked with a login; try again, or use --oauth-token-stdin or the page.
oauth-expired = The code expired before the sign-in at { $provider } was finished. Run the check again and enter the new code within { $minutes } min.
oauth-failed = The sign-in at { $provider } did not work: { $detail }. Nothing was checked with a login.
oauth-no-device-grant = { $provider } does not allow sign-in on a device without a browser; use --oauth-token-stdin or the page (a token from another app goes under its Advanced).
oauth-no-client = No OAuth client is set up for { $provider }: the operator gives its client id with --oauth-client-id or MAILDOCTOR_OAUTH_CLIENT_ID.
oauth-unknown-provider = maildoctor does not know which provider signs in { $domain }: name it with --oauth-provider (microsoft, google, yahoo, aol, fastmail) or give --oauth-device-url and --oauth-token-url.
oauth-button = Sign in with { $provider }
oauth-page-signed-in = Signed in at { $provider }. The token stays in this page only and is gone when you close it.
oauth-page-failed = The sign-in at { $provider } did not work: { $detail }
