# Die Texte von maildoctor auf Deutsch. Jeder Befund ist eine Nachricht: ihr
# Wert ist die Überschrift; .why erklärt; .fix-1, .fix-2, … sind die
# Schritte, in dieser Reihenfolge. Argumente in { $Klammern } setzen die
# Regeln ein; was der Server sagt, kommt als $said und wird wörtlich zitiert.
# Ein Befund über den Netzweg (render.rs, NETWORK_PATH) sagt auch, wie ein
# Relay anderswo ihn sah: .relay (die Überschrift, mit $from), .relay-why
# (sonst .why) und .relay-fix-N, nach dem gemeinsamen ersten Schritt relay-check-own.

## Gemeinsame Wörter

security-none = keine Verschlüsselung
security-published = die vom Anbieter veröffentlichte Einstellung
endpoint = { $protocol } { $host }:{ $port } ({ $security })
keep-shape = Port { $port } und { $security } bleiben
set-shape = dazu Port { $port } mit { $security } einstellen
found-entry = { $server } (aus { $source })

# Der Wert einer Quelle steht allein oder nach „über“; .dative nach „aus“ und „laut“.
source-given = Ihre Einstellungen
    .dative = Ihren Einstellungen
source-provider = die veröffentlichten Einstellungen des Anbieters
    .dative = den veröffentlichten Einstellungen des Anbieters
source-provider-by-mx = die veröffentlichten Einstellungen des Anbieters (die MX-Einträge der Domain zeigen auf ihn)
    .dative = den veröffentlichten Einstellungen des Anbieters (die MX-Einträge der Domain zeigen auf ihn)
source-srv = die SRV-Einträge der Domain
    .dative = den SRV-Einträgen der Domain
source-autoconfig = das Autoconfig-Dokument der Domain
    .dative = dem Autoconfig-Dokument der Domain
source-ispdb = Thunderbirds Datenbank der Mail-Anbieter (ISPDB)
    .dative = Thunderbirds Datenbank der Mail-Anbieter (ISPDB)
source-autodiscover = Autodiscover (wie Outlook es fragt)
    .dative = Autodiscover (wie Outlook es fragt)
source-mx = die MX-Einträge der Domain
    .dative = den MX-Einträgen der Domain
source-guess = Ausprobieren der üblichen Servernamen und Ports
    .dative = dem Ausprobieren der üblichen Servernamen und Ports
source-same-host = Ihr Server auf seinen anderen üblichen Ports
    .dative = Ihrem Server auf seinen anderen üblichen Ports
source-expected = die Hilfeseite Ihres Anbieters
    .dative = der Hilfeseite Ihres Anbieters

step-resolve = Namensauflösung
step-connect = Verbindungsaufbau
step-tls = TLS
step-greeting = Begrüßung
step-capabilities = Fähigkeiten
step-starttls = STARTTLS
step-login = Anmeldung
step-logout = Abmeldung

## Eingaben, die die Regeln nicht annehmen

error-bad-address = „{ $input }“ ist keine E-Mail-Adresse (sie sieht aus wie name@example.com)
error-bad-host = „{ $input }“ ist kein Servername (er sieht aus wie imap.example.com)
error-bad-port = der Port muss eine Zahl von 1 bis 65535 sein
error-nothing-to-check = es gibt nichts zu prüfen: geben Sie einen Server an, oder lassen Sie maildoctor die Einstellungen suchen

## Der Textbericht

report-heading = maildoctor: { $address } – { $verdict }
verdict-checking = Prüfung läuft noch
verdict-problems = Probleme gefunden
verdict-warnings = funktioniert, mit Warnungen
verdict-fine = keine Probleme gefunden
verdict-not-verified = nicht bestätigt: { $what }
untested-no-password = { $side ->
        [incoming] Der Empfang wurde nicht bis zum Ende geprüft:
       *[outgoing] Der Versand wurde nicht bis zum Ende geprüft:
    } { $server } antwortet, aber es wurde kein Passwort angegeben, daher wurde die Anmeldung nicht versucht.
    .short = es wurde kein Passwort angegeben, daher wurde die Anmeldung nicht versucht
untested-needs-consent = { $side ->
        [incoming] Der Empfang wurde nicht bis zum Ende geprüft:
       *[outgoing] Der Versand wurde nicht bis zum Ende geprüft:
    } { $server } funktioniert, stammt aber aus { $source }, nicht aus den eigenen Einstellungen Ihrer Domain, daher wurde Ihr Passwort ohne Ihr Ja nicht dorthin gesendet.
    .short = Ihr Passwort wurde nicht an Server gesendet, die nicht zu Ihrer Domain gehören
untested-not-encrypted = { $side ->
        [incoming] Der Empfang wurde nicht bis zum Ende geprüft:
       *[outgoing] Der Versand wurde nicht bis zum Ende geprüft:
    } { $server } antwortet nur unverschlüsselt, und das Passwort wurde nicht im Klartext gesendet.
    .short = der Server antwortet nur unverschlüsselt, daher wurde kein Passwort gesendet
untested-relay-refused = { $side ->
        [incoming] Der Empfang wurde nicht geprüft:
       *[outgoing] Der Versand wurde nicht geprüft:
    } das Relay hat die Prüfung nicht ausgeführt, weil es begrenzt, wie oft sich ein Konto oder Netz anmelden darf (damit kein Konto gesperrt wird).
    .short = das Relay hat die Anmeldung nicht ausgeführt (seine Grenzen schützen Ihr Konto)
untested-not-tried = { $side ->
        [incoming] Der Empfang wurde nicht bis zum Ende geprüft:
       *[outgoing] Der Versand wurde nicht bis zum Ende geprüft:
    } { $server } antwortet, aber dort wurde keine Anmeldung versucht.
    .short = an dem Server, der antwortet, wurde keine Anmeldung versucht
untested-not-reached = { $side ->
        [incoming] Der Empfang wurde nicht geprüft:
       *[outgoing] Der Versand wurde nicht geprüft:
    } { $server } wurde von hier aus nicht erreicht, weil die Prüfung auf der Seite von maildoctor scheiterte, nicht auf der des Servers.
    .short = die Server wurden nicht erreicht, weil die Prüfung auf der Seite von maildoctor scheiterte
untested-interrupted = { $side ->
        [incoming] Der Empfang wurde nicht bis zum Ende geprüft:
       *[outgoing] Der Versand wurde nicht bis zum Ende geprüft:
    } die Prüfung endete vorzeitig (die Verbindung zum Relay brach ab, oder die Prüfung wurde abgebrochen), und was nicht fertig wurde, beweist weder das eine noch das andere.
    .short = die Prüfung endete vorzeitig
untested-how-cli = So prüfen Sie es: { $command }
untested-how-password = Geben Sie Ihr Passwort (oder Anmelde-Token) ein und prüfen Sie erneut: Nur eine Anmeldung zeigt, dass das Konto funktioniert.
untested-how-consent = Drücken Sie „Mein Passwort mit diesen Einstellungen testen“, um die Anmeldung an diesen Servern zu prüfen.
untested-how-encrypt = Wählen Sie in Ihren Einstellungen SSL/TLS oder STARTTLS und prüfen Sie erneut; ein Passwort wird nie unverschlüsselt gesendet.
untested-how-later = Versuchen Sie es in ein paar Minuten erneut, oder prüfen Sie von Ihrem eigenen Computer aus mit maildoctor check.
untested-how-alone = Prüfen Sie diesen Server einzeln, mit Ihrem Passwort.
report-at = bei { $server }
report-in-app = In { $app }: { $steps }
report-seen = beobachtet: { $observed }
report-tried-missing = { $count ->
        [one] einen üblichen Namen versucht
       *[other] { $count } übliche Namen versucht
    } ({ $hosts }): { $count ->
        [one] es gibt ihn nicht
       *[other] keinen davon gibt es
    }
report-tried = versucht: { $servers }: { $outcome }
report-working = { $proven ->
        [yes] Einstellungen, die funktionieren:
       *[no] Einstellungen, die antworten (nicht alles wurde bis zum Ende geprüft):
    }
mark-error = FEHLER
mark-warning = WARNUNG
mark-info = INFO
mark-ok = OK

## Was das Relay ablehnt

relay-why-target = der Servername wurde nicht angenommen: { $detail }.
relay-why-port = Port { $port } ist kein Mail-Port, und dieses Relay verbindet sich nur mit Mail-Ports.
relay-why-address = { $address } ist eine private Adresse oder eine Adresse für besondere Zwecke; mit solchen verbindet sich dieses Relay nie.
relay-why-credentials = der Benutzername oder das Passwort enthält einen Zeilenumbruch oder ein NUL-Zeichen.
relay-why-busy = es laufen zu viele Prüfungen gleichzeitig; versuchen Sie es gleich noch einmal.
relay-why-login-limit = dieses Relay hat sich in den letzten Minuten mehrmals bei diesem Konto oder aus Ihrem Netz angemeldet. Es wartet { $minutes } Min. bis zum nächsten Versuch, damit der Server das Konto nicht sperrt.
relay-why-connection-budget = diese Prüfung hat so viele Verbindungen geöffnet, wie eine Prüfung darf; starten Sie für weitere eine neue Prüfung.
relay-why-insecure-transport = diese Seite hat das Relay unverschlüsselt erreicht (http:// von einem anderen Rechner), daher könnte Ihr Passwort unterwegs mitgelesen werden; das Relay nimmt es nicht an. Öffnen Sie die Seite über https:// oder betreiben Sie das Relay auf Ihrem eigenen Computer.
relay-why-destination-limit = dieses Relay hat sich in den letzten Minuten sehr oft mit diesem Server verbunden, für Sie und andere, und wartet { $seconds } s bis zur nächsten Verbindung, damit es nie einen Server überflutet. Versuchen Sie es gleich noch einmal.
relay-why-unsupported = dieses Relay kann { $op } noch nicht ausführen.

f-relay-refused = Das Relay hat { $server } nicht geprüft
    .why = An den Server wurde nichts gesendet: { $why }
f-relay-address-refused = Das Relay hat { $server } nicht geprüft
    .why = An den Server wurde nichts gesendet: { $address } ist eine private Adresse oder eine Adresse für besondere Zwecke; mit solchen verbindet sich dieses Relay nie.
    .fix-1 = Steht dieser Server in Ihrem eigenen Netz, führen Sie `maildoctor check` auf Ihrem eigenen Computer aus.
f-relay-address-denied = Dieses Relay darf sich nicht mit { $host } verbinden
    .why = { $host } löst nur zu Adressen auf, mit denen sich dieses Relay nie verbindet ({ $reason }). So schützt es die Netze, in denen es läuft. Steht dieser Server in Ihrem eigenen Netz, führen Sie `maildoctor check` auf Ihrem eigenen Computer aus.

## Namensauflösung

f-dns-nxdomain = Den Servernamen { $host } gibt es nicht
    .why = Laut DNS gibt es keinen Namen { $host }. Ihre Mail-App findet den Server nicht und kann sich deshalb nicht verbinden. Meist ist der Servername vertippt, oder der Anbieter verwendet den Namen nicht mehr.
    .fix-1 = Prüfen Sie die Schreibweise des Servernamens in den Kontoeinstellungen Ihrer Mail-App ({ $host }).
    .fix-2 = Vergleichen Sie ihn mit dem Servernamen, den Ihr Mail-Anbieter auf seinen Hilfeseiten nennt.
f-candidate-missing = { $host } gibt es nicht
    .why = maildoctor hat diesen üblichen Namen für den Mailserver Ihrer Domain versucht; laut DNS gibt es ihn nicht, Ihre Domain verwendet ihn also nicht. Das ist normal: Nicht jede Domain verwendet jeden üblichen Namen.
f-dns-broken-alias = { $host } zeigt auf einen Servernamen, den es nicht mehr gibt
    .why = { $host } gibt es, aber nur als Alias ({ $chain }), und den Namen, auf den er zeigt, { $target }, gibt es nicht. Das DNS des Anbieters zeigt auf einen entfernten Server; das ist kein Tippfehler auf Ihrer Seite.
    .fix-1 = Sagen Sie es dem Mail-Anbieter oder dem Inhaber der Domain: der Alias { $host } zeigt auf { $target }, den es nicht gibt.
    .fix-2 = Verwenden Sie bis dahin den Servernamen, den Ihr Anbieter auf seinen Hilfeseiten nennt, falls es ein anderer ist.
f-dns-servfail = DNS konnte für { $host } nicht antworten
    .why = Der DNS-Server ist beim Auflösen des Mailservernamens gescheitert (SERVFAIL). Das DNS der Domain ist vielleicht defekt, oder Ihr Resolver hat Probleme.
    .fix-1 = Versuchen Sie es in ein paar Minuten noch einmal; bleibt es so, sagen Sie dem Mail-Anbieter oder dem Inhaber der Domain, dass ihr DNS mit SERVFAIL antwortet.
    .relay = { $from } konnte DNS für { $host } nicht antworten
    .relay-why = Die Abfrage ist gescheitert (SERVFAIL): das DNS der Domain ist vielleicht defekt, oder der Resolver des Relays hat Probleme.
    .relay-fix-1 = Scheitert es auch dort, sagen Sie dem Mail-Anbieter, dass sein DNS mit SERVFAIL antwortet.
f-dns-timeout = DNS hat für { $host } nicht geantwortet
    .why = Es kam rechtzeitig keine DNS-Antwort zurück. Der DNS-Resolver Ihres Netzes ist vielleicht ausgefallen oder gesperrt.
    .fix-1 = Prüfen Sie, ob andere Websites laden; starten Sie Ihren Router neu, oder wechseln Sie zu einem anderen DNS-Resolver.
    .relay = { $from } kam für { $host } keine DNS-Antwort
    .relay-why = Beim Relay kam rechtzeitig keine DNS-Antwort an. { -relay-resolver }
f-dns-no-address = { $host } hat keine Adresse
    .why = Den Namen { $host } gibt es im DNS, aber er hat keine IPv4- oder IPv6-Adresse, also kann sich nichts mit ihm verbinden.
    .fix-1 = Prüfen Sie den Servernamen; der Anbieter verwendet für seinen Mailserver vielleicht einen anderen Namen.
f-domain-missing = Die Domain { $domain } gibt es nicht
    .why = Im DNS gibt es keine Domain { $domain }, also lässt sich für sie kein Mailserver finden. Prüfen Sie die Adresse auf einen Tippfehler.
    .fix-1 = Prüfen Sie den Teil Ihrer E-Mail-Adresse nach dem @.
f-host-typo = Der Servername scheint vertippt: meinten Sie { $meant }?
    .why = { $typed } gibt es nicht, aber { $meant } gibt es, und er funktioniert für Ihr Konto. Im Namen in Ihren Einstellungen steckt höchstwahrscheinlich ein Tippfehler.
    .fix-1 = Ändern Sie in Ihrer Mail-App den Servernamen von { $typed } in { $meant }.
f-resolver-silent = Der DNS-Resolver Ihres Netzes antwortet nicht
    .why = maildoctor hat Ihren Resolver nach den Mailservern Ihrer Adresse gefragt und überhaupt keine Antwort bekommen, nicht einmal „gibt es nicht“. Mail-Apps in diesem Netz finden ebenfalls keinen Server; die Mailserver selbst sind vielleicht in Ordnung.
    .fix-1 = Prüfen Sie, ob Websites laden; starten Sie Ihren Router neu, oder stellen Sie Ihr Gerät oder Ihren Router auf einen anderen DNS-Resolver um.
    .fix-2 = Wenn Sie ein VPN oder einen Filterdienst nutzen, versuchen Sie es ohne.
    .relay = { $from } antwortet der DNS-Resolver nicht
    .relay-why = Der DNS-Resolver des Relays gab keine Antwort zu den Mailservern Ihrer Adresse. { -relay-resolver }
    .relay-fix-1 = { -relay-tell }
f-stale-resolver = Ihr DNS-Resolver nennt für { $name } eine alte Adresse
    .why = Ihr Resolver sagt, { $name } liege bei { $stale }, wo nichts antwortet. Der eigene Nameserver der Domain ({ $zone_server }) sagt { $fresh }, und dort antwortet der Server. Die Antwort Ihres Resolvers ist veraltet (ein Umzug verbreitet sich noch), oder Ihr Netz filtert DNS.
    .fix-1 = Warten Sie ein, zwei Stunden, bis sich die Änderung verbreitet hat, oder starten Sie Router (und Gerät) neu, um alte Antworten zu löschen.
    .fix-2 = Oder stellen Sie Ihr Gerät oder Ihren Router auf einen anderen DNS-Resolver um.
    .relay = { $from } nennt DNS für { $name } eine alte Adresse
    .relay-why = Der Resolver des Relays sagt, { $name } liege bei { $stale }, wo nichts antwortet; der Nameserver der Domain ({ $zone_server }) sagt { $fresh }. { -relay-resolver }
    .relay-fix-1 = Zeigt sich dort dieselbe alte Adresse, warten Sie ein, zwei Stunden, bis sich die Änderung verbreitet hat.
f-resolver-failed = Der DNS-Resolver Ihres Netzes versagt
    .why = Ihr Resolver konnte { $name } nicht auflösen, während ein anderer Resolver sofort antwortet ({ $addresses }). Der Mailserver ist in Ordnung; die Namensauflösung in diesem Netz ist gestört.
    .fix-1 = Starten Sie Ihren Router neu, oder stellen Sie Ihr Gerät oder Ihren Router auf einen anderen DNS-Resolver um.
    .fix-2 = Wenn Sie ein VPN oder einen Filterdienst nutzen, versuchen Sie es ohne.
    .relay = { $from } versagt der DNS-Resolver
    .relay-why = Der Resolver des Relays konnte { $name } nicht auflösen, während ein anderer Resolver sofort antwortet ({ $addresses }). { -relay-resolver }
f-resolver-missing-name = Ihr Resolver sagt, { $name } gebe es nicht
    .why = Ein anderer Resolver findet { $name } ({ $addresses }). Der Resolver Ihres Netzes sperrt diesen Namen oder kennt ihn noch nicht.
    .fix-1 = Warten Sie eine Stunde, wenn der Anbieter sein DNS kürzlich geändert hat; sonst wechseln Sie zu einem anderen DNS-Resolver.
    .relay = { $from } sagt der DNS-Resolver, { $name } gebe es nicht
    .relay-why = Ein anderer Resolver findet { $name } ({ $addresses }). { -relay-resolver }
f-resolvers-disagree = Die Resolver sind sich über { $name } uneinig
    .why = Ihr Resolver sagt, { $name } liege bei { $mine }, ein anderer Resolver sagt { $theirs }. Eine kürzliche Änderung verbreitet sich vielleicht noch, oder Ihr Netz leitet DNS um.
    .fix-1 = Wenn Mail nicht funktioniert, warten Sie, bis sich die Änderung verbreitet hat (bis zu einem Tag), oder verwenden Sie einen anderen DNS-Resolver.
    .relay = { $from } sind sich die Resolver über { $name } uneinig
    .relay-why = Der Resolver des Relays sagt, { $name } liege bei { $mine }, ein anderer Resolver sagt { $theirs }. Eine kürzliche Änderung verbreitet sich vielleicht noch. { -relay-resolver }

## Verbindungsaufbau

f-tcp-refused = Auf Port { $port } von { $host } nimmt niemand Verbindungen an
    .why = Der Server hat geantwortet, aber die Verbindung zu Port { $port } abgelehnt: dort lauscht kein Maildienst, oder eine Firewall weist sie ab. Die Portnummer in Ihren Einstellungen ist höchstwahrscheinlich falsch.
    .fix-1 = Prüfen Sie den Port in Ihrer Mail-App: { $protocol } mit { $security } verwendet üblicherweise Port { $usual }.
    .fix-2 = Vergleichen Sie Ihre Einstellungen mit denen, die Ihr Mail-Anbieter veröffentlicht.
f-tcp-filtered = Verbindungen zu Port { $port } von { $host } bleiben unbeantwortet
    .why = Es kam überhaupt nichts zurück: eine Firewall in Ihrem Netz, auf Ihrem Computer oder vor dem Server verwirft die Verbindung stillschweigend.
    .fix-1 = Versuchen Sie es aus einem anderen Netz (etwa über die mobilen Daten eines Handys). Klappt es dort, sperrt Ihr Netz diesen Port.
    .fix-2 = Prüfen Sie Firewall- oder Virenschutzprogramme auf Ihrem Computer, und fragen Sie die Verwaltung Ihres Netzes.
    .relay = { $from } bleiben Verbindungen zu Port { $port } von { $host } unbeantwortet
    .relay-why = Beim Relay kam nichts zurück: eine Firewall in seinem Netz oder vor dem Server verwirft die Verbindung. { -relay-path }
    .relay-fix-1 = Scheitert es auch dort, fragen Sie den Mail-Anbieter, ob Port { $port } offen ist.
f-tcp-filtered-server-up = Verbindungen zu Port { $port } von { $host } bleiben unbeantwortet
    .why = Es kam überhaupt nichts zurück, obwohl der Webport (443) desselben Servers sofort antwortete: der Server läuft, und eine Firewall in Ihrem Netz oder auf Ihrem Computer verwirft Mail-Verbindungen stillschweigend.
    .fix-1 = Versuchen Sie es aus einem anderen Netz (etwa über die mobilen Daten eines Handys). Klappt es dort, sperrt Ihr Netz diesen Port.
    .fix-2 = Prüfen Sie Firewall- oder Virenschutzprogramme auf Ihrem Computer, und fragen Sie die Verwaltung Ihres Netzes.
    .relay = { $from } bleiben Verbindungen zu Port { $port } von { $host } unbeantwortet
    .relay-why = Beim Relay kam nichts zurück, obwohl der Webport (443) des Servers antwortete: eine Firewall im Netz des Relays oder vor dem Server verwirft Mail. { -relay-path }
    .relay-fix-1 = Scheitert es auch dort, fragen Sie den Mail-Anbieter, ob Port { $port } offen ist.
f-tcp-unreachable = { $host } ist nicht erreichbar
    .why = Ein Router oder eine Firewall hat gemeldet, dass der Server von hier aus nicht erreichbar ist.
    .fix-1 = Prüfen Sie Ihre Internetverbindung und ein etwaiges VPN; versuchen Sie es aus einem anderen Netz.
    .relay = { $from } ist { $host } nicht erreichbar
    .relay-why = Ein Router oder eine Firewall hat gemeldet, dass der Server vom Relay aus nicht erreichbar ist. { -relay-path }
f-ipv6-broken = { $host } hat eine IPv6-Adresse, die nicht funktioniert
    .why = { $host } veröffentlicht eine IPv6-Adresse, aber die Verbindung dorthin scheitert ({ $outcome }), während IPv4 funktioniert. Mail-Apps, die IPv6 zuerst versuchen, hängen oder scheitern womöglich in Netzen mit IPv6.
    .fix-1 = Wenn Ihre Mail-App scheitert, während andere funktionieren, schalten Sie IPv6 in diesem Netz oder auf dem Gerät ab, oder bitten Sie Ihren Anbieter, sein IPv6 zu reparieren.
    .fix-2 = Sagen Sie es dem Mail-Anbieter: sein AAAA-Eintrag zeigt auf eine Adresse, die nicht antwortet.
f-ipv4-broken = { $host } hat eine IPv4-Adresse, die nicht funktioniert
    .why = { $host } veröffentlicht eine IPv4-Adresse, aber die Verbindung dorthin scheitert ({ $outcome }), während IPv6 funktioniert. Mail-Apps und Netze, die zuerst oder nur IPv4 verwenden, erreichen den Server nicht.
    .fix-1 = Scheitert Ihre Mail-App in einem Netz ohne IPv6 (viele Mobilfunk- und Hotelnetze), liegt es daran: versuchen Sie ein Netz mit IPv6.
    .fix-2 = Sagen Sie es dem Mail-Anbieter: sein A-Eintrag zeigt auf eine Adresse, die nicht antwortet.
f-port25-blocked = Ihr Netz sperrt Port 25
    .why = Verbindungen zu Port 25 verschwinden, während die Ports 465 und 587 desselben Anbieters antworten. Viele Internetanbieter sperren Port 25 gegen Spam; Mail-Apps sollten ohnehin über 587 oder 465 senden.
    .fix-1 = Stellen Sie den Port für ausgehende Mail (SMTP) auf 587 mit STARTTLS, oder auf 465 mit SSL/TLS.
    .fix-2 = Achten Sie darauf, dass sich Ihre Mail-App zum Senden anmeldet (SMTP-Authentifizierung an).
    .relay = { $from } ist Port 25 gesperrt
    .relay-why = Vom Relay aus bleibt Port 25 unbeantwortet, während 465 und 587 antworten. Hosting-Netze sperren Port 25 oft; Ihres vielleicht nicht. Mail-Apps sollten ohnehin über 587 oder 465 senden.
    .relay-fix-1 = Stellen Sie den Port für ausgehende Mail (SMTP) auf 587 mit STARTTLS, oder auf 465 mit SSL/TLS.
    .relay-fix-2 = Achten Sie darauf, dass sich Ihre Mail-App zum Senden anmeldet (SMTP-Authentifizierung an).
f-mail-ports-blocked = Ihr Netz sperrt E-Mail
    .why = Jeder Mail-Port, den maildoctor bei { $host } versucht hat ({ $ports }), bleibt unbeantwortet, während sein Webport 443 sofort antwortet. Eine Firewall zwischen Ihnen und dem Server verwirft Mail-Verbindungen: auf Ihrem Computer (Virenschutz), in Ihrem Router oder in Ihrem Netz (Büro, Schule, Hotel oder öffentliches WLAN).
    .fix-1 = Versuchen Sie es aus einem anderen Netz, etwa über die mobilen Daten Ihres Handys. Klappt Mail dort, sperrt dieses Netz sie.
    .fix-2 = Prüfen Sie die Firewall oder den Virenschutz auf Ihrem Computer.
    .fix-3 = Bitten Sie die Verwaltung des Netzes, die Ports 993 (IMAP) und 465/587 (SMTP) freizugeben.
    .relay = { $from } ist E-Mail gesperrt
    .relay-why = Vom Relay aus bleibt jeder Mail-Port von { $host } ({ $ports }) unbeantwortet, während sein Webport 443 antwortet. { -relay-path }
    .relay-fix-1 = Scheitert Mail auch dort, prüfen Sie dort Firewall und Virenschutz.
    .relay-fix-2 = Fragen Sie den Mail-Anbieter, ob die Ports 993 und 465/587 offen sind.
f-packet-loss = Die Verbindung zu { $host } verliert Pakete
    .why = Von { $attempts ->
        [one] der einen Verbindung
       *[other] den { $attempts } Verbindungen
    }, die diese Prüfung dorthin geöffnet hat, sind { $failed } gescheitert oder hängen geblieben, und { $retried } warteten eine Sekunde oder länger, bis ein verlorenes Paket erneut gesendet wurde. Ein Paket geht unterwegs verloren oder wird von einem Server verworfen, der zu ausgelastet für eine weitere Verbindung ist: aus einem Netz sehen beide gleich aus. Mail funktioniert dann mal, und im nächsten Moment läuft sie in eine Zeitüberschreitung.
    .fix-1 = Sind Sie im WLAN, gehen Sie näher an den Router oder nehmen Sie ein Kabel; sonst versuchen Sie ein anderes Netz.
    .fix-2 = Bleibt es in jedem Netz so, sagen Sie es dem Anbieter: der Weg zu seinem Server verliert Pakete, oder der Server weist Verbindungen ab, wenn er ausgelastet ist.
    .relay = { $from } verliert die Verbindung zu { $host } Pakete
    .relay-why = Von { $attempts ->
        [one] der einen Verbindung
       *[other] den { $attempts } Verbindungen
    }, die das Relay dorthin geöffnet hat, sind { $failed } gescheitert oder hängen geblieben, und { $retried } warteten eine Sekunde oder länger, bis ein verlorenes Paket erneut gesendet wurde, unterwegs verloren oder von einem ausgelasteten Server verworfen. { -relay-path }
f-high-latency = Der Weg zu { $host } ist langsam
    .why = Jeder Austausch mit ihm dauert hin und zurück { $median } ms (einige Zehn sind üblich), gemessen an den Verbindungen dieser Prüfung. Mail-Apps mit kurzen Zeitlimits geben womöglich auf.
    .fix-1 = Prüfen Sie, ob ein VPN, eine Satelliten- oder Mobilfunkverbindung oder ein ausgelastetes Netz im Spiel ist; versuchen Sie ein anderes Netz.
    .fix-2 = Erhöhen Sie das Server-Zeitlimit in den erweiterten Einstellungen Ihrer Mail-App, falls es eines gibt.
    .relay = { $from } ist der Weg zu { $host } langsam
    .relay-why = Jeder Austausch des Relays mit ihm dauert hin und zurück { $median } ms (einige Zehn sind üblich). { -relay-path }

## Verschlüsselung

f-tls-too-old = Der Server spricht nur eine veraltete TLS-Version
    .why = Die neueste Verschlüsselung, die dieser Server spricht, ist { $version }; aktuelle Mail-Apps verlangen TLS 1.2 oder neuer und verweigern die Verbindung.
    .fix-1 = Bitten Sie den Mail-Anbieter, TLS 1.2 oder 1.3 einzuschalten; auf Ihrer Seite gibt es keine sichere Einstellung dafür.
f-tls-too-old-unknown = Der Server spricht nur eine veraltete TLS-Version
    .why = Die neueste Verschlüsselung, die dieser Server spricht, ist TLS 1.0 oder 1.1; aktuelle Mail-Apps verlangen TLS 1.2 oder neuer und verweigern die Verbindung.
    .fix-1 = Bitten Sie den Mail-Anbieter, TLS 1.2 oder 1.3 einzuschalten; auf Ihrer Seite gibt es keine sichere Einstellung dafür.
f-tls-on-plain-port = Port { $port } verwendet SSL/TLS nicht von Anfang an
    .why = Ihre Mail-App beginnt eine verschlüsselte Verbindung (SSL/TLS), aber der Server auf diesem Port antwortet im Klartext: er erwartet hier STARTTLS oder keine Verschlüsselung.
    .fix-1 = Stellen Sie entweder die Sicherheit auf STARTTLS an Port { $port }, oder behalten Sie SSL/TLS und ändern Sie den Port auf { $tls_port }.
f-tls-stalled = Die verschlüsselte Verbindung ist hängen geblieben
    .why = Der Server hat die Verbindung angenommen, den TLS-Handshake aber nie abgeschlossen.
    .fix-1 = Versuchen Sie es noch einmal; bleibt es so, stört womöglich etwas auf dem Weg (ein Proxy oder Virenschutz) TLS.
f-tls-alert = Die verschlüsselte Verbindung ist gescheitert
    .why = Der TLS-Handshake wurde mit der Meldung „{ $alert }“ abgebrochen.
    .fix-1 = Prüfen Sie die Sicherheitseinstellung, und halten Sie System und Mail-App auf dem neuesten Stand.
f-tls-closed = Die verschlüsselte Verbindung ist gescheitert
    .why = Der Server hat die Verbindung während des TLS-Handshakes geschlossen.
    .fix-1 = Prüfen Sie die Sicherheitseinstellung in Ihrer Mail-App; versuchen Sie SSL/TLS auf dem vom Anbieter veröffentlichten Port.
f-tls-failed = Die verschlüsselte Verbindung ist gescheitert
    .why = Der TLS-Handshake wurde nicht abgeschlossen: { $detail }.
    .fix-1 = Prüfen Sie die Sicherheitseinstellung in Ihrer Mail-App; versuchen Sie SSL/TLS auf dem vom Anbieter veröffentlichten Port.
f-cert-expired-on = Das Zertifikat des Servers ist abgelaufen
    .why = Das Zertifikat, das { $host } vorzeigt, ist am { $date } abgelaufen. Ihre Mail-App verweigert die Verbindung oder warnt Sie, weil sie nicht mehr nachweisen kann, dass sie mit dem echten Server spricht.
    .fix-1 = Sagen Sie es Ihrem Mail-Anbieter oder der Serververwaltung: das Zertifikat muss erneuert werden.
    .fix-2 = Prüfen Sie auch, ob Datum und Uhrzeit Ihres Geräts stimmen.
    .fix-3 = { -trust-fix }
f-cert-expired = Das Zertifikat des Servers ist abgelaufen
    .why = Das Zertifikat, das { $host } vorzeigt, ist abgelaufen. Ihre Mail-App verweigert die Verbindung oder warnt Sie, weil sie nicht mehr nachweisen kann, dass sie mit dem echten Server spricht.
    .fix-1 = Sagen Sie es Ihrem Mail-Anbieter oder der Serververwaltung: das Zertifikat muss erneuert werden.
    .fix-2 = Prüfen Sie auch, ob Datum und Uhrzeit Ihres Geräts stimmen.
    .fix-3 = { -trust-fix }
f-cert-not-yet-valid = Das Zertifikat des Servers ist noch nicht gültig
    .why = Das Zertifikat gilt erst ab { $date }. Entweder geht die Uhr Ihres Geräts falsch, oder der Server hat ein Zertifikat zu früh eingesetzt.
    .fix-1 = Prüfen Sie Datum, Uhrzeit und Zeitzone Ihres Geräts.
    .fix-2 = Stimmen sie, sagen Sie es der Serververwaltung.
f-cert-not-yet-valid-undated = Das Zertifikat des Servers ist noch nicht gültig
    .why = Das Zertifikat gilt erst ab einem späteren Datum. Entweder geht die Uhr Ihres Geräts falsch, oder der Server hat ein Zertifikat zu früh eingesetzt.
    .fix-1 = Prüfen Sie Datum, Uhrzeit und Zeitzone Ihres Geräts.
    .fix-2 = Stimmen sie, sagen Sie es der Serververwaltung.
f-cert-self-signed = Der Server verwendet ein selbst signiertes Zertifikat
    .why = Das Zertifikat stammt nicht von einer Stelle, der Ihr Gerät vertraut; es signiert sich selbst. Mail-Apps lehnen es ab oder warnen bei jeder Verbindung.
    .fix-1 = Bitten Sie die Verwaltung, ein Zertifikat einer öffentlichen Stelle einzusetzen (zum Beispiel Let's Encrypt).
    .fix-2 = { -trust-fix }
f-cert-untrusted = Dem Zertifikat des Servers wird nicht vertraut
    .why = Das Zertifikat stammt von einer Stelle, die dieses Gerät nicht kennt.
    .fix-1 = Bitten Sie die Verwaltung, ein Zertifikat einer öffentlichen Stelle zu verwenden.
    .fix-2 = { -trust-fix }
f-cert-name-mismatch = Das Zertifikat gilt für einen anderen Servernamen
    .why = Sie verbinden sich mit { $expected }, aber das Zertifikat gilt für { $presented }. Der Servername in Ihren Einstellungen ist vielleicht ein Alias, den das Zertifikat nicht abdeckt.
    .fix-1 = Verwenden Sie den Servernamen, den das Zertifikat nennt ({ $first }).
    .fix-2 = { -trust-fix }
f-cert-name-mismatch-unnamed = Das Zertifikat gilt für einen anderen Servernamen
    .why = Sie verbinden sich mit { $expected }, aber das Zertifikat gilt für andere Namen. Der Servername in Ihren Einstellungen ist vielleicht ein Alias, den das Zertifikat nicht abdeckt.
    .fix-1 = Verwenden Sie den Servernamen, den Ihr Anbieter veröffentlicht.
    .fix-2 = { -trust-fix }
f-chain-incomplete = Der Server sendet eine unvollständige Zertifikatskette
    .why = Der Server lässt ein Zwischenzertifikat weg, daher können manche Geräte sein Zertifikat nicht prüfen.
    .fix-1 = Bitten Sie die Verwaltung, die vollständige Kette einzurichten (Zertifikat samt Zwischenzertifikaten).
f-cert-revoked = Das Zertifikat des Servers wurde widerrufen
    .why = Die Stelle, die das Zertifikat ausgestellt hat, hat es zurückgezogen.
    .fix-1 = Sagen Sie es der Verwaltung: der Server braucht ein neues Zertifikat.
    .fix-2 = { -trust-fix }
f-cert-rejected = Das Zertifikat des Servers wurde abgelehnt
    .why = Die Prüfung des Zertifikats ist gescheitert: { $detail }.
    .fix-1 = { -trust-fix }
f-intercepted-product = Etwas auf Ihrer Seite fängt die verschlüsselte Verbindung ab
    .why = Sie sprechen nicht direkt mit dem echten Server: das Zertifikat stammt von „{ $issuer }“, einem Produkt, das verschlüsselten Verkehr untersucht. Das tun E-Mail-Schutzfunktionen von Virenschutzprogrammen, Firmen-Firewalls und manche öffentliche Netze; Mail-Apps lehnen es zu Recht ab.
    .fix-1 = { -intercept-fix-1 }
    .fix-2 = { -intercept-fix-2 }
    .relay = { $from } fängt etwas die verschlüsselte Verbindung ab
    .relay-why = Zwischen dem Relay und dem Server ersetzt „{ $issuer }“ das Zertifikat des Servers, um verschlüsselten Verkehr zu untersuchen. { -relay-path }
    .relay-fix-1 = Ist es dort genauso, schalten Sie das TLS-Prüfen im Virenschutz aus oder fragen Sie die Verwaltung des Netzes.
f-intercepted-provider = Etwas auf Ihrer Seite fängt die verschlüsselte Verbindung ab
    .why = Sie sprechen nicht direkt mit dem echten Server: { $provider } verwendet Zertifikate einer öffentlichen Stelle, diesem hier wird aber nicht vertraut. Das tun E-Mail-Schutzfunktionen von Virenschutzprogrammen, Firmen-Firewalls und manche öffentliche Netze; Mail-Apps lehnen es zu Recht ab.
    .fix-1 = { -intercept-fix-1 }
    .fix-2 = { -intercept-fix-2 }
    .relay = { $from } fängt etwas die verschlüsselte Verbindung ab
    .relay-why = Zwischen dem Relay und dem Server ersetzt etwas das Zertifikat von { $provider } durch ein nicht vertrauenswürdiges. { -relay-path }
    .relay-fix-1 = Ist es dort genauso, schalten Sie das TLS-Prüfen im Virenschutz aus oder fragen Sie die Verwaltung des Netzes.
-trust-fix = Weisen Sie Ihre Mail-App nicht an, diesem Zertifikat dauerhaft zu vertrauen, solange Sie nicht wissen, warum es falsch ist; es könnte ein Angreifer dazwischen sitzen.
-intercept-fix-1 = Schalten Sie im Virenschutz das Prüfen von E-Mail oder TLS aus (oder nehmen Sie Ihre Mail-App als Ausnahme auf).
-intercept-fix-2 = Fragen Sie in einem Firmennetz die IT, ob Mail-Verkehr untersucht wird; versuchen Sie zur Bestätigung ein anderes Netz.

## Scanner, deren Wurzel dieses Gerät vertraut

-scanner-why = einem Produkt auf diesem Computer oder in diesem Netz, das Mail zum Untersuchen entschlüsselt und dessen eigener Wurzel Ihr Gerät vertraut. Ihre Mail-App verbindet sich, spricht aber mit dem Scanner, der Ihr Passwort und Ihre Mail lesen kann; ist der Scanner veraltet, kann Mail auch scheitern.
-scanner-relay-why = einem Produkt auf dem Computer oder im Netz des Relays, das Mail zum Untersuchen entschlüsselt. { -relay-path }
f-scanner-avast = Avast (oder AVG) liest Ihre verschlüsselte Mail
    .why = Das Zertifikat lässt sich prüfen, aber es stammt von „{ $issuer }“: { -scanner-why }
    .fix-1 = In Avast oder AVG: Menü › Einstellungen › Schutz › Basis-Schutzmodule › E-Mail-Schutz, und „Eingehende E-Mails scannen (POP3, IMAP4)“, „Ausgehende E-Mails scannen (SMTP)“ oder „E-Mails über SSL/TLS scannen“ abwählen.
    .fix-2 = Oder lassen Sie den Schutz an und nehmen Sie Ihre Mail-App als Ausnahme auf.
    .relay = { $from } liest Avast (oder AVG) die verschlüsselte Mail
    .relay-why = Das Zertifikat stammt von „{ $issuer }“: { -scanner-relay-why }
f-scanner-kaspersky = Kaspersky liest Ihre verschlüsselte Mail
    .why = Das Zertifikat lässt sich prüfen, aber es stammt von „{ $issuer }“: { -scanner-why }
    .fix-1 = In Kaspersky: Einstellungen › Netzwerkeinstellungen › Untersuchung geschützter Verbindungen: „Geschützte Verbindungen nicht untersuchen“ wählen, oder Ihre Mail-App zu den vertrauenswürdigen Programmen hinzufügen.
    .fix-2 = Oder schalten Sie den Mail-Anti-Virus in den Schutzeinstellungen ab.
    .relay = { $from } liest Kaspersky die verschlüsselte Mail
    .relay-why = Das Zertifikat stammt von „{ $issuer }“: { -scanner-relay-why }
f-scanner-eset = ESET liest Ihre verschlüsselte Mail
    .why = Das Zertifikat lässt sich prüfen, aber es stammt von „{ $issuer }“: { -scanner-why }
    .fix-1 = In ESET: Einstellungen › Erweiterte Einstellungen › Schutzfunktionen › SSL/TLS, und Ihre Mail-App in den Prüfregeln für Anwendungen auf „Ignorieren“ stellen (oder den E-Mail-Client-Schutz abschalten).
    .relay = { $from } liest ESET die verschlüsselte Mail
    .relay-why = Das Zertifikat stammt von „{ $issuer }“: { -scanner-relay-why }
f-scanner-bitdefender = Bitdefender liest Ihre verschlüsselte Mail
    .why = Das Zertifikat lässt sich prüfen, aber es stammt von „{ $issuer }“: { -scanner-why }
    .fix-1 = In Bitdefender: Schutz › Online-Gefahrenabwehr › Einstellungen, und „E-Mail-Schutz“ (oder „Verschlüsselter Web-Scan“) abschalten.
    .relay = { $from } liest Bitdefender die verschlüsselte Mail
    .relay-why = Das Zertifikat stammt von „{ $issuer }“: { -scanner-relay-why }
f-scanner-norton = Norton liest Ihre verschlüsselte Mail
    .why = Das Zertifikat lässt sich prüfen, aber es stammt von „{ $issuer }“: { -scanner-why }
    .fix-1 = In Norton: Einstellungen › Antivirus › Scans und Risiken, und „E-Mail-Virenscan“ (und, wo angeboten, die SSL-Prüfung) abschalten.
    .relay = { $from } liest Norton die verschlüsselte Mail
    .relay-why = Das Zertifikat stammt von „{ $issuer }“: { -scanner-relay-why }
f-scanner-antivirus = Ihr Virenschutz liest Ihre verschlüsselte Mail
    .why = Das Zertifikat lässt sich prüfen, aber es stammt von „{ $issuer }“: { -scanner-why }
    .fix-1 = { -intercept-fix-1 }
    .relay = { $from } liest ein Virenschutz die verschlüsselte Mail
    .relay-why = Das Zertifikat stammt von „{ $issuer }“: { -scanner-relay-why }
f-scanner-proxy = Das Netz Ihrer Firma liest Ihre verschlüsselte Mail
    .why = Das Zertifikat lässt sich prüfen, aber es stammt von „{ $issuer }“: { -scanner-why }
    .fix-1 = { -intercept-fix-2 }
    .relay = { $from } liest ein Proxy die verschlüsselte Mail
    .relay-why = Das Zertifikat stammt von „{ $issuer }“: { -scanner-relay-why }

## Das Mail-Protokoll

f-web-answer = Etwas in Ihrem Netz antwortet an Port { $port } anstelle des Mailservers
    .why = Ein Webserver hat geantwortet, wo der Mailserver antworten sollte („{ $said }…“). WLAN-Anmeldeseiten (Captive Portals) und Web-Proxys fangen solche Verbindungen ab, bis Sie sich anmelden oder solange sie im Weg sind; ein Mailserver antwortet nie in HTTP.
    .fix-1 = Öffnen Sie irgendeine Webseite im Browser: erscheint eine WLAN-Anmelde- oder Bedingungsseite, bestätigen Sie sie und versuchen Sie es dann noch einmal.
    .fix-2 = Nutzen Sie ein VPN oder einen Proxy, schalten Sie ihn aus (oder ein) und versuchen Sie es noch einmal; sonst versuchen Sie ein anderes Netz.
    .relay = { $from } antwortet an Port { $port } ein Webserver
    .relay-why = Ein Webserver hat dem Relay geantwortet, wo der Mailserver antworten sollte („{ $said }…“). { -relay-path }
    .relay-fix-1 = Ist es dort genauso, öffnen Sie eine Webseite und bestätigen Sie eine etwaige WLAN-Anmeldeseite.
f-protocol-mismatch = Port { $port } spricht { $actual }, nicht { $expected }
    .why = Ihre Mail-App erwartet an Port { $port } einen { $expected }-Server, aber der Server dort spricht { $actual }. Der Port gehört zu einer anderen Art von Mailserver.
    .fix-1 = Verwenden Sie Port { $usual } für { $expected } mit { $security }.
f-not-mail = Port { $port } ist kein { $expected }-Server
    .why = Der Server auf diesem Port hat mit etwas geantwortet, das kein Mail-Protokoll ist.
    .fix-1 = Verwenden Sie Port { $usual } für { $expected } mit { $security }.
f-server-unavailable = Der Server ist vorübergehend nicht verfügbar
    .why = Der Server hat die Verbindung mit einem vorübergehenden Fehler abgewiesen: „{ $said }“.
    .fix-1 = Warten Sie ein paar Minuten und versuchen Sie es noch einmal; dauert es an, sehen Sie auf der Statusseite des Anbieters nach.
f-client-blocked = Der Server weist Verbindungen aus Ihrem Netz ab
    .why = Der Server hat die Verbindung noch vor jeder Anmeldung abgewiesen: „{ $said }“. Er sperrt vielleicht Ihre IP-Adresse oder Ihr Netz.
    .fix-1 = Versuchen Sie es aus einem anderen Netz; klappt es dort, fragen Sie den Anbieter, warum Ihre Adresse gesperrt ist.
    .relay = { $from } weist der Server die Verbindung ab
    .relay-why = Der Server hat das Relay noch vor jeder Anmeldung abgewiesen: „{ $said }“. Er sperrt vielleicht die Adresse des Relays, nicht Ihre.
f-plain-on-tls-port = Port { $port } erwartet SSL/TLS von Anfang an
    .why = Ihre Mail-App verbindet sich unverschlüsselt, aber der Server auf diesem Port beginnt mit einem TLS-Handshake.
    .fix-1 = Stellen Sie die Sicherheit für Port { $port } auf SSL/TLS.
f-plain-on-tls-port-starttls = Port { $port } erwartet SSL/TLS von Anfang an
    .why = Ihre Mail-App verbindet sich unverschlüsselt und will mit STARTTLS nachrüsten, aber der Server auf diesem Port beginnt mit einem TLS-Handshake.
    .fix-1 = Stellen Sie die Sicherheit für Port { $port } auf SSL/TLS.
f-silent-tls-port = Port { $port } erwartet SSL/TLS von Anfang an
    .why = Port { $port } ist der { $protocol }-Port für SSL/TLS: der Server wartet auf ein verschlüsseltes Hallo und sagt nichts zu einem Client, der unverschlüsselt beginnt.
    .fix-1 = Stellen Sie die Sicherheit für Port { $port } auf SSL/TLS.
    .fix-2 = Oder behalten Sie { $security } und verwenden Sie Port { $starttls_port }.
f-no-greeting = Der Server hat die Verbindung angenommen, aber nie gegrüßt
    .why = Nach { $seconds } s hatte der Server seine Begrüßung noch immer nicht gesendet. Er ist vielleicht überlastet, oder er wartet auf einen TLS-Handshake (SSL/TLS auf einem Port, der ohne eingerichtet ist).
    .fix-1 = Prüfen Sie die Sicherheitseinstellung: Port { $port } verwendet üblicherweise { $usual }.
f-no-greeting-tls = Der Server hat die Verbindung angenommen, aber nie gegrüßt
    .why = Nach { $seconds } s hatte der Server seine Begrüßung noch immer nicht gesendet. Er ist vielleicht überlastet, oder etwas auf dem Weg stört.
    .fix-1 = Prüfen Sie die Sicherheitseinstellung: Port { $port } verwendet üblicherweise { $usual }.
f-server-closed = Der Server hat die Verbindung geschlossen
    .why = Der Server hat während des Schritts „{ $step }“ aufgelegt, ohne einen Grund zu nennen.
    .fix-1 = Versuchen Sie es später noch einmal; passiert es immer wieder, weist der Server Ihr Netz womöglich ab.
    .relay = { $from } hat der Server die Verbindung geschlossen
    .relay-fix-1 = Klappt es dort, weist der Server vielleicht das Relay ab: versuchen Sie es später noch einmal.
f-server-misbehaved = Der Server hat das Mail-Protokoll verletzt
    .why = Während des Schritts „{ $step }“ hat der Server etwas getan, was ein Mailserver nicht darf: { $what }.
    .fix-1 = Melden Sie das dem Mail-Anbieter, mit dem Protokoll unten.
f-protocol-violation = Der Server hat das Mail-Protokoll verletzt
    .why = Während des Schritts „{ $step }“ hat der Server etwas getan, was ein Mailserver nicht darf: { $what }.
    .fix-1 = Melden Sie das dem Mail-Anbieter, mit dem Protokoll unten.
f-local-failure = maildoctor konnte diese Prüfung nicht abschließen
    .why = Während des Schritts „{ $step }“ ist die Verbindung auf der Seite von maildoctor gescheitert ({ $detail }), nicht wegen des Mailservers. Über Ihre Einstellungen sagt das nichts aus.
    .fix-1 = Prüfen Sie gleich noch einmal; passiert es immer wieder, prüfen Sie die Netzverbindung dieses Computers.
    .relay = { $from } konnte maildoctor diese Prüfung nicht abschließen
    .relay-fix-1 = Passiert es immer wieder, melden Sie es dem Betreiber des Relays.
f-esmtp-inspection = Eine Firewall in Ihrem Netz schreibt das Mail-Gespräch um
    .why = Die Liste der Erweiterungen des Servers kam mit geschwärzten Teilen an ({ $masked }). Firewalls, die Mail „untersuchen“ (am bekanntesten ist Ciscos ESMTP-Inspection), tun das und verstecken dabei STARTTLS, sodass Ihre Mail-App die Verbindung nicht verschlüsseln kann.
    .fix-1 = { -esmtp-fix-1 }
    .fix-2 = { -esmtp-fix-2 }
    .relay = { $from } schreibt eine Firewall das Mail-Gespräch um
    .relay-why = Die Liste der Erweiterungen des Servers kam beim Relay mit geschwärzten Teilen an ({ $masked }), was STARTTLS versteckt. { -relay-path }
    .relay-fix-1 = Ist es dort genauso, verwenden Sie stattdessen SSL/TLS an Port 465.
f-esmtp-inspection-harmless = Eine Firewall in Ihrem Netz schreibt das Mail-Gespräch um
    .why = Die Liste der Erweiterungen des Servers kam mit geschwärzten Teilen an ({ $masked }). Firewalls, die Mail „untersuchen“ (am bekanntesten ist Ciscos ESMTP-Inspection), tun das; hier hindert es Ihre Einstellungen nicht am Funktionieren, kann aber STARTTLS verstecken.
    .fix-1 = { -esmtp-fix-1 }
    .fix-2 = { -esmtp-fix-2 }
    .relay = { $from } schreibt eine Firewall das Mail-Gespräch um
    .relay-why = Die Liste der Erweiterungen des Servers kam beim Relay mit geschwärzten Teilen an ({ $masked }); hier harmlos, aber es kann STARTTLS verstecken. { -relay-path }
    .relay-fix-1 = Ist es dort genauso, verwenden Sie stattdessen SSL/TLS an Port 465.
-esmtp-fix-1 = Verwenden Sie stattdessen SSL/TLS an Port 465: die Firewall kann nicht hineinsehen und es daher nicht umschreiben.
-esmtp-fix-2 = Bitten Sie die Betreiber dieses Netzes, die SMTP/ESMTP-Inspection der Firewall abzuschalten (Cisco ASA: „no inspect esmtp“).
f-starttls-not-offered = Der Server bietet auf diesem Port kein STARTTLS an
    .why = Ihre Mail-App soll die Verbindung mit STARTTLS verschlüsseln, aber der Server bietet es hier nicht an; die App bricht ab (oder würde Ihr Passwort unverschlüsselt senden).
    .fix-1 = Verwenden Sie stattdessen SSL/TLS an Port { $tls_port }, wenn der Anbieter es anbietet.
f-starttls-required = Der Server verlangt STARTTLS, bevor Sie sich anmelden können
    .why = Mit der Sicherheit „Keine“ verschlüsselt Ihre Mail-App die Verbindung nie, und dieser Server bietet die Anmeldung (AUTH) erst nach STARTTLS an; das Senden wird scheitern.
    .fix-1 = Stellen Sie die Sicherheit auf STARTTLS an Port { $port }, oder SSL/TLS an Port 465.
f-login-needs-tls = Der Server weist Anmeldungen ohne Verschlüsselung ab
    .why = Mit der Sicherheit „Keine“ würde sich Ihre Mail-App unverschlüsselt anmelden, und dieser { $protocol }-Server nimmt Anmeldungen erst nach der Verschlüsselung an: { $protocol ->
        [IMAP] er kündigt LOGINDISABLED an, bis STARTTLS gelaufen ist, und lehnt den IMAP-Befehl LOGIN so lange ab
        [POP3] vor STLS bietet er weder USER/PASS noch ein AUTH-Verfahren an
       *[other] AUTH bietet er erst nach STARTTLS an
    }. Die Anmeldung wird scheitern.
    .fix-1 = Stellen Sie die Sicherheit auf STARTTLS an Port { $port }, oder SSL/TLS an Port { $tls_port }.
f-starttls-refused = Der Server hat STARTTLS abgelehnt
    .why = Der Server hat STARTTLS angeboten, aber abgelehnt: „{ $said }“.
    .fix-1 = Verwenden Sie stattdessen SSL/TLS an Port { $tls_port }.

## Die Anmeldung

f-plaintext-refused = Der Server weist Anmeldungen ohne Verschlüsselung ab
    .why = Der Server sagte: „{ $said }“. Er nimmt Ihr Passwort nur über eine verschlüsselte Verbindung an.
    .fix-1 = Stellen Sie die Sicherheit auf SSL/TLS (Port { $tls_port }) oder STARTTLS.
    .fix-2 = Hat Ihre App das Passwort schon unverschlüsselt gesendet, ändern Sie Ihr Passwort.
f-plaintext-refused-no-login = Der Server weist Anmeldungen ohne Verschlüsselung ab
    .why = Vor der Verschlüsselung bietet der Server keine Anmeldung an (er kündigt STARTTLS an und keine Anmeldung). Er nimmt Ihr Passwort nur über eine verschlüsselte Verbindung an.
    .fix-1 = Stellen Sie die Sicherheit auf SSL/TLS (Port { $tls_port }) oder STARTTLS.
    .fix-2 = Hat Ihre App das Passwort schon unverschlüsselt gesendet, ändern Sie Ihr Passwort.
f-username-format = Verwenden Sie Ihre vollständige E-Mail-Adresse als Benutzernamen
    .why = Der Server hat den Benutzernamen, so wie Sie ihn eingegeben haben, abgelehnt („{ $said }“) und dasselbe Passwort mit Ihrer vollständigen E-Mail-Adresse angenommen.
    .fix-1 = Setzen Sie in den Kontoeinstellungen Ihrer Mail-App den Benutzernamen auf Ihre vollständige E-Mail-Adresse, für eingehende und ausgehende Mail.
f-password-expired = Ihr Passwort ist abgelaufen
    .why = Der Server sagte: „{ $said }“.
    .fix-1 = Melden Sie sich auf der Website Ihres Anbieters an, vergeben Sie ein neues Passwort und tragen Sie es dann in Ihrer Mail-App ein.
f-account-locked = Ihr Konto ist gesperrt oder deaktiviert
    .why = Der Server sagte: „{ $said }“.
    .fix-1 = Wenden Sie sich an Ihren Anbieter oder Ihre Verwaltung, um das Konto entsperren zu lassen.
f-login-unavailable = Der Anmeldedienst ist vorübergehend nicht verfügbar
    .why = Der Server sagte: „{ $said }“. Das ist ein Problem auf der Seite des Servers, nicht Ihr Passwort.
    .fix-1 = Versuchen Sie es in ein paar Minuten noch einmal.
f-invalid-credentials = Der Server hat Ihren Benutzernamen oder Ihr Passwort nicht angenommen
    .why = Der Server sagte: „{ $said }“.
    .fix-1 = Geben Sie das Passwort noch einmal sorgfältig ein; achten Sie auf die Feststelltaste.
    .fix-2 = Verwenden Sie Ihre vollständige E-Mail-Adresse als Benutzernamen, wenn Sie nur den Teil vor dem @ eingegeben haben.
    .fix-3 = Hat Ihr Konto eine Zwei-Schritt-Bestätigung, verlangt Ihr Anbieter für Mail-Apps vielleicht ein App-Passwort.
f-token-refused = Der Server hat das Anmelde-Token nicht angenommen
    .why = Der Server sagte: „{ $said }“. Ein OAuth-Zugriffstoken wird abgelehnt, wenn es abgelaufen ist, widerrufen wurde oder für ein anderes Konto oder ohne Mail-Zugriff ausgestellt wurde.
    .fix-1 = Melden Sie sich in Ihrer Mail-App neu an (entfernen Sie das Konto und fügen Sie es neu hinzu, wenn es weiter scheitert), damit sie ein frisches Token bekommt.
    .fix-2 = Verwaltet Ihre Organisation das Konto, fragen Sie, ob Mail-Zugriff (IMAP, POP, SMTP) für Ihre App erlaubt ist.
f-login-rejected = Der Server hat die Anmeldung abgelehnt
    .why = Der Server sagte: „{ $said }“.
    .fix-1 = Lesen Sie die Meldung des Servers oben; sie nennt den Grund. Ist er unklar, wenden Sie sich damit an Ihren Anbieter.
f-withheld = Ihr Passwort wurde nicht gesendet
    .why = maildoctor hat keine Anmeldung versucht: { $why }.
    .fix-1 = Beheben Sie zuerst das Problem oben; prüfen Sie dann noch einmal mit Ihrem Passwort.
f-mechanisms-unsupported = Der Server bietet kein Anmeldeverfahren an, das Mail-Apps mit Passwort verwenden
    .why = Für { $protocol ->
        [SMTP] das Senden (SMTP)
       *[other] { $protocol }
    } bietet der Server nur { $offered } an; damit meldet man sich mit einem Kerberos-Ticket oder einem Windows-Domänenkonto an, nicht mit einem Passwort. maildoctor hat sich nicht angemeldet und kann daher nicht sagen, ob Ihr Passwort funktioniert.
    .fix-1 = Ist Ihr Konto ein Firmenkonto, stellen Sie das Authentifizierungsverfahren { $protocol ->
        [SMTP] des Postausgangsservers (SMTP)
       *[other] des Posteingangsservers ({ $protocol })
    } Ihrer Mail-App auf Kerberos / GSSAPI (für GSSAPI) oder NTLM (für NTLM; Outlook nennt es „Gesicherte Kennwortauthentifizierung (SPA)“), auf einem Computer, der in diesem Netz angemeldet ist.
    .fix-2 = Sonst fragen Sie Ihre Verwaltung, welcher Server und welches Verfahren für Anmeldungen mit Passwort gedacht sind.
f-mechanism-not-offered = Dieser Server nimmt diese Art der Anmeldung nicht an
    .why = Ihre Anmeldung braucht { $wanted }, und dieser Server bietet nur { $offered } an. Ein Anmelde-Token (OAuth) funktioniert nur mit Servern, die OAUTHBEARER oder XOAUTH2 anbieten; dieser will ein Passwort.
    .fix-1 = Melden Sie sich an diesem Server stattdessen mit Ihrem Passwort (oder einem App-Passwort) an.
    .fix-2 = Oder verwenden Sie den Server Ihres Anbieters, der die Anmeldung über die Kontoseite Ihres Anbieters (OAuth) annimmt.
withheld-unsendable = der Benutzername oder das Passwort enthält einen Zeilenumbruch oder ein NUL-Zeichen
withheld-not-encrypted = die Verbindung ist nicht verschlüsselt, und ein Passwort im Klartext zu senden war nicht erlaubt
withheld-certificate = das Zertifikat des Servers ließ sich nicht prüfen, er ist also vielleicht nicht der echte Server
withheld-literal = der Benutzername oder das Passwort enthält Zeichen, die ein IMAP-Literal brauchen, und dieser Server nimmt keines direkt an
withheld-mechanisms = der Server bietet nur { $offered } an, was maildoctor nicht spricht
f-auth-not-offered = Der Server bietet hier keine Anmeldung an
    .why = Der Server an Port { $port } nimmt keine Anmeldungen an. Vielleicht ist er ein Server, der Mail von anderen Servern empfängt, nicht einer für Ihre Mail-App.
    .fix-1 = Verwenden Sie den Submission-Port des Anbieters: { $tls_port } mit SSL/TLS, oder 587 mit STARTTLS.
f-auth-not-offered-smtp = Der Server bietet hier keine Anmeldung an
    .why = Der Server an Port { $port } nimmt keine Anmeldungen an (er kündigt kein AUTH an). Vielleicht ist er ein Server, der Mail von anderen Servern empfängt, nicht einer für Ihre Mail-App.
    .fix-1 = Verwenden Sie den Submission-Port des Anbieters: { $tls_port } mit SSL/TLS, oder 587 mit STARTTLS.

## Ablehnungen der Anbieter (an Code und Text erkannt; die Worte des Servers folgen)

refusal-app-password = Dieses Konto braucht ein App-Passwort
    .why = Das Konto hat eine Zwei-Schritt-Bestätigung, deshalb nimmt der Anbieter Ihr normales Passwort in Mail-Apps nicht an. Der Server sagte: „{ $said }“.
    .fix-1 = { -app-password-1 }
    .fix-2 = { -app-password-2 }
    .fix-3 = { -app-password-3 }
-app-password-1 = Erstellen Sie in den Sicherheitseinstellungen Ihres Kontos ein App-Passwort (dafür muss die Zwei-Schritt-Bestätigung an sein).
-app-password-2 = Tragen Sie dieses App-Passwort statt Ihres normalen Passworts in Ihrer Mail-App ein.
-app-password-3 = Oder verwenden Sie eine App, die sich über die Anmeldeseite Ihres Anbieters anmeldet (OAuth).
refusal-web-login = Melden Sie sich zuerst im Web an
    .why = Der Anbieter hat diese Anmeldung als ungewöhnlich gesperrt und möchte, dass Sie sie in einem Webbrowser bestätigen. Der Server sagte: „{ $said }“.
    .fix-1 = Melden Sie sich aus demselben Netz auf der Website des Anbieters bei Ihrer Mail an und bestätigen Sie die Sicherheitswarnung.
    .fix-2 = Versuchen Sie dann Ihre Mail-App noch einmal; scheitert sie weiter, verwenden Sie ein App-Passwort.
refusal-smtp-auth-disabled = Senden mit Passwort ist für Ihre Organisation abgeschaltet
    .why = Microsoft 365 hat SMTP AUTH für Ihren Mandanten abgeschaltet, also kann keine Mail-App mit einem Passwort darüber senden. Der Server sagte: „{ $said }“.
    .fix-1 = Bitten Sie Ihre Verwaltung, „Authenticated SMTP“ für Ihr Postfach einzuschalten (https://aka.ms/smtp_auth_disabled).
    .fix-2 = Oder verwenden Sie eine Mail-App, die sich bei Microsoft anmeldet (OAuth), etwa Outlook.
refusal-basic-auth-disabled = Die Anmeldung mit Passwort ist abgeschaltet
    .why = Der Anbieter nimmt von Mail-Apps kein Passwort mehr an (Basic Authentication); auch App-Passwörter werden abgelehnt. Der Server sagte: „{ $said }“.
    .fix-1 = Verwenden Sie eine Mail-App, die sich über die Anmeldeseite des Anbieters anmeldet (OAuth), etwa Outlook, Apple Mail oder Thunderbird.
refusal-security-defaults = Ihre Organisation sperrt diese Art der Anmeldung
    .why = Die Sicherheitsstandards von Microsoft Entra sperren für Ihr Konto die Anmeldung mit Passwort aus Mail-Apps. Der Server sagte: „{ $said }“.
    .fix-1 = Bitten Sie Ihre Verwaltung um eine Ausnahme, oder verwenden Sie eine Mail-App, die sich bei Microsoft anmeldet (OAuth).
refusal-too-many-connections = Zu viele Mail-Apps sind gleichzeitig verbunden
    .why = Der Anbieter begrenzt, wie viele Verbindungen ein Konto offen haben darf, und diese Grenze ist erreicht. Der Server sagte: „{ $said }“.
    .fix-1 = Schließen Sie Mail-Apps auf anderen Geräten, oder senken Sie die Zahl der Verbindungen in den erweiterten Einstellungen Ihrer App.
refusal-connection-limit = Zu viele Mail-Apps sind gleichzeitig verbunden
    .why = Der Server begrenzt, wie viele Verbindungen ein Benutzer von einer Adresse aus haben darf, und diese Grenze ist erreicht. Der Server sagte: „{ $said }“.
    .fix-1 = Schließen Sie Mail-Apps auf anderen Geräten hinter demselben Netz und versuchen Sie es dann noch einmal.
refusal-bad-attempts = Die Anmeldung ist nach zu vielen Fehlversuchen gesperrt
    .why = Der Anbieter hat die Anmeldung mit Passwort für dieses Konto nach wiederholten Fehlschlägen ausgesetzt (Yahoo sagt das auch, wenn ein App-Passwort nötig ist). Der Server sagte: „{ $said }“.
    .fix-1 = Warten Sie eine Stunde, und melden Sie sich dann mit einem App-Passwort aus den Sicherheitseinstellungen Ihres Kontos an.
refusal-login-attempts = Die Anmeldung ist nach zu vielen Versuchen gesperrt
    .why = Der Anbieter weist Anmeldungen für dieses Konto vorübergehend ab. Der Server sagte: „{ $said }“.
    .fix-1 = Warten Sie eine Weile; achten Sie darauf, dass kein anderes Gerät ein altes Passwort weiter versucht.
refusal-imap-disabled = Falsches Passwort, oder IMAP ist für das Konto abgeschaltet
    .why = Der Anbieter lehnt die Anmeldung ab; er sagt nicht, ob das Passwort falsch oder der IMAP-Zugang abgeschaltet ist. Der Server sagte: „{ $said }“.
    .fix-1 = Schalten Sie den IMAP-Zugang in den Web-Einstellungen Ihres Mail-Kontos ein.
    .fix-2 = Prüfen Sie dann das Passwort (oder verwenden Sie ein App-Passwort).
refusal-microsoft-unsuccessful = Der Server hat Ihren Benutzernamen oder Ihr Passwort nicht angenommen
    .why = Microsoft meldet das bei falschem Passwort, bei fehlendem App-Passwort mit MFA oder bei abgeschaltetem SMTP AUTH. Der Server sagte: „{ $said }“.
    .fix-1 = Prüfen Sie das Passwort; mit Mehrfaktor-Anmeldung verwenden Sie ein App-Passwort.
    .fix-2 = Fragen Sie Ihre Verwaltung, ob SMTP AUTH für Ihr Postfach eingeschaltet ist.
refusal-starttls-first = Der Server will vor allem anderen STARTTLS
    .why = Ihre Mail-App spricht unverschlüsselt mit dem Server, und dieser Server verlangt zuerst STARTTLS. Der Server sagte: „{ $said }“.
    .fix-1 = Stellen Sie die Sicherheit auf STARTTLS (Port 587), oder SSL/TLS an Port 465.
refusal-old-tls = Die Verschlüsselung Ihres Geräts ist für diesen Server zu alt
    .why = Der Server lehnt TLS 1.0 und 1.1 ab, die Ihre Mail-App oder Ihr System verwendet hat. Der Server sagte: „{ $said }“.
    .fix-1 = Aktualisieren Sie Mail-App und Betriebssystem, oder schalten Sie TLS 1.2 in deren Einstellungen ein.
refusal-in-use = Das Postfach wird gerade von einer anderen App verwendet
    .why = Eine andere Mail-App (vielleicht auf einem anderen Gerät) lädt gerade dieses POP3-Postfach herunter. Der Server sagte: „{ $said }“.
    .fix-1 = Schließen Sie die andere App oder warten Sie, bis sie fertig ist, und versuchen Sie es dann noch einmal.
refusal-login-delay = Sie haben zu früh nach Mail gesehen
    .why = Der Server erlaubt eine POP3-Anmeldung nur alle paar Minuten. Der Server sagte: „{ $said }“.
    .fix-1 = Lassen Sie Ihre Mail-App seltener nach neuer Mail sehen (etwa alle 15 Minuten).
refusal-sys-temp = Der Server hat ein vorübergehendes Problem
    .why = Der Server meldet einen vorübergehenden Fehler auf seiner Seite. Der Server sagte: „{ $said }“.
    .fix-1 = Versuchen Sie es in ein paar Minuten noch einmal.
refusal-account-locked = Ihr Konto ist gesperrt oder deaktiviert
    .why = Der Server weist dieses Konto ab, unabhängig vom Passwort: Er sagt, das Konto sei gesperrt, ausgesetzt oder deaktiviert. Der Server sagte: „{ $said }“.
    .fix-1 = Melden Sie sich auf der Website Ihres Anbieters an, um den Grund zu sehen; oft wird dort eine Entsperrung oder ein neues Passwort angeboten.
    .fix-2 = Sonst wenden Sie sich mit der Meldung des Servers an Ihren Anbieter oder Administrator.
refusal-password-expired = Ihr Passwort ist abgelaufen
    .why = Der Server kennt dieses Konto, nimmt aber sein altes Passwort nicht mehr an. Der Server sagte: „{ $said }“.
    .fix-1 = Melden Sie sich auf der Website Ihres Anbieters (oder der Passwortseite Ihrer Organisation) an, setzen Sie ein neues Passwort und geben Sie es in jeder Mail-App und auf jedem Gerät ein.
refusal-protocol-disabled = { $protocol } ist für Ihr Konto ausgeschaltet
    .why = Ihr Passwort kann durchaus stimmen: Der Server sagt, dass dieses Konto { $protocol } nicht nutzen darf. Viele Anbieter schalten IMAP oder POP aus, bis Sie es in den Einstellungen des Webmailers einschalten, und manche Tarife enthalten es nicht. Der Server sagte: „{ $said }“.
    .fix-1 = Melden Sie sich im Webmailer an, öffnen Sie die Einstellungen (oft „POP3/IMAP-Abruf“ oder „Mail-Apps“) und schalten Sie den { $protocol }-Zugriff ein.
    .fix-2 = Gibt es keinen solchen Schalter, fragen Sie Ihren Anbieter oder Administrator, ob Ihr Tarif { $protocol } enthält.
refusal-client-address = Der Server weist Ihre Internetadresse ab
    .why = Der Server nimmt von der Adresse, über die Sie verbunden sind, keine Verbindungen oder Anmeldungen an: Sie steht auf einer Sperrliste, liegt außerhalb der erlaubten Länder oder Netze, oder sie wurde nach früheren Fehlversuchen gesperrt. Es liegt nicht an Ihrem Passwort. Der Server sagte: „{ $said }“.
    .fix-1 = Versuchen Sie es aus einem anderen Netz (mobile Daten statt WLAN, oder ohne VPN); klappt es dort, ist die Adresse die Ursache.
    .fix-2 = Bitten Sie Ihren Anbieter mit der Meldung des Servers, Ihre Adresse freizugeben; eine wechselnde Adresse Ihres Internetanbieters ist ein häufiger Grund.
refusal-usage-limit = Ihr Konto hat eine Nutzungsgrenze erreicht
    .why = Der Anbieter begrenzt, wie viel ein Konto am Tag herunterladen oder wie viele Befehle es senden darf, und dieses Konto liegt gerade darüber. Der Server sagte: „{ $said }“.
    .fix-1 = Warten Sie einige Stunden (die meisten solcher Grenzen werden innerhalb eines Tages zurückgesetzt) und schließen Sie andere Apps, die das ganze Postfach herunterladen.
    .fix-2 = Kommt es immer wieder vor, lassen Sie Ihre App weniger Ordner oder nur neuere Mails laden.
refusal-over-quota = Ihr Postfach ist voll
    .why = Das Konto liegt über seinem Speicherkontingent; der Server nimmt keine Mails mehr an (oder bald nicht mehr), bis Platz frei ist. Der Server sagte: „{ $said }“.
    .fix-1 = Melden Sie sich im Webmailer an, leeren Sie Papierkorb und Spam-Ordner und löschen Sie große alte Nachrichten.
    .fix-2 = Oder bitten Sie Ihren Anbieter um mehr Speicherplatz.
refusal-mechanism-weak = Der Server verlangt ein stärkeres Anmeldeverfahren
    .why = Der Server lehnt das verwendete Anmeldeverfahren als zu schwach ab (5.7.9 nach RFC 4954). Der Server sagte: „{ $said }“.
    .fix-1 = Stellen Sie in den Servereinstellungen Ihrer Mail-App die Authentifizierung auf „Passwort, normal“ über SSL/TLS, oder auf OAuth2, wenn Ihr Anbieter es anbietet.
refusal-mechanism = Dieser Server nimmt diese Art der Anmeldung nicht an
    .why = Der Server unterstützt das Anmeldeverfahren nicht, oder er ist ein Server zum Empfangen von Mail (MX) und nicht zum Senden aus einer Mail-App. Der Server sagte: „{ $said }“.
    .fix-1 = Verwenden Sie den Submission-Server Ihres Anbieters (für Microsoft 365: smtp.office365.com, Port 587, STARTTLS).

## Es funktioniert

f-works = { $login ->
        [yes] { $direction ->
            [incoming] Empfangen
           *[outgoing] Senden
        } von Mail funktioniert mit diesen Einstellungen
       *[no] { $direction ->
            [incoming] Der Server für eingehende Mail
           *[outgoing] Der Server für ausgehende Mail
        } antwortet mit diesen Einstellungen
    }
    .why = { $login ->
        [yes] maildoctor hat { $server } von hier aus erreicht, sich angemeldet und ein normales Gespräch mit ihm geführt.
       *[no] maildoctor hat { $server } von hier aus erreicht und bis zur Anmeldung ein normales Gespräch mit ihm geführt; die Anmeldung wurde nicht versucht. Ob Ihr Konto dort funktioniert, ist noch nicht bekannt.
    }
f-sign-in-to-send = Zum Senden müssen Sie sich anmelden
    .why = Dieser Server bietet eine Anmeldung an ({ $mechanisms }) und nimmt, wie Submission-Server es tun, Mail nur von angemeldeten Benutzern an. Eine Mail-App, die ohne Anmeldung sendet, bekommt „530 Authentication required“. Es wurde kein Passwort angegeben, daher hat maildoctor die Anmeldung selbst nicht geprüft.
    .fix-1 = Schalten Sie in Ihrer Mail-App die Authentifizierung für den Postausgangsserver ein, mit demselben Benutzernamen und Passwort wie für eingehende Mail.
    .fix-2 = Um auch die Anmeldung zu prüfen, starten Sie die Prüfung noch einmal mit Ihrem Passwort.
f-plaintext-insecure = Diese Verbindung ist nicht verschlüsselt
    .why = Mit der Sicherheit „Keine“ gehen Ihr Passwort und Ihre Mail für jeden auf dem Weg lesbar durchs Netz.
    .fix-1 = Wechseln Sie zu SSL/TLS an Port { $tls_port } (oder STARTTLS an Port { $starttls_port }).

## Suche nach Einstellungen

f-discovery-found = Einstellungen, die für { $direction ->
        [incoming] eingehende
       *[outgoing] ausgehende
    } Mail funktionieren
    .why = maildoctor hat diese gefunden und geprüft: { $found }.
    .fix-1 = Stellen Sie in Ihrer Mail-App den { $direction ->
        [incoming] Posteingangsserver
       *[outgoing] Postausgangsserver
    } auf { $server }.
f-discovery-none = Kein funktionierender { $direction ->
        [incoming] Posteingangsserver
       *[outgoing] Postausgangsserver
    } für { $domain } gefunden
    .why = maildoctor hat { $tried ->
        [one] eine Servereinstellung
       *[other] { $tried } Servereinstellungen
    } für { $direction ->
        [incoming] eingehende
       *[outgoing] ausgehende
    } Mail versucht, gefunden über { $sources }, und keine hat von hier aus funktioniert.
    .fix-1 = Sehen Sie die Servereinstellungen auf den Hilfeseiten Ihres Anbieters nach und tragen Sie sie genau so ein.
f-provider-says = Ihr Anbieter nennt { $expected }; Ihr Mailprogramm nutzt { $given }
    .why = { $works ->
        [yes] Die Einstellungen Ihres Mailprogramms für { $direction ->
            [incoming] eingehende
           *[outgoing] ausgehende
        } Mail funktionieren von hier aus trotzdem, aber Ihr Anbieter unterstützt sie nicht: Sie können ohne Vorwarnung aufhören zu funktionieren.
       *[no] Die Einstellungen Ihres Mailprogramms für { $direction ->
            [incoming] eingehende
           *[outgoing] ausgehende
        } Mail scheitern von hier aus: { $failure }. Die Seite Ihres Anbieters nennt stattdessen { $server }.
        [unencrypted] Die Einstellungen Ihres Mailprogramms für { $direction ->
            [incoming] eingehende
           *[outgoing] ausgehende
        } Mail antworten von hier aus nur unverschlüsselt, daher hat maildoctor Ihr Passwort dort nicht gesendet: Ihr Mailprogramm würde es für jeden auf dem Weg lesbar senden. Die Seite Ihres Anbieters nennt stattdessen { $server }.
    }
    .fix-1 = Stellen Sie in Ihrem Mailprogramm den Server für { $direction ->
        [incoming] eingehende
       *[outgoing] ausgehende
    } Mail so ein, wie Ihr Anbieter es nennt: { $server }.
setting-shape = { $port } { $security }
setting-server = { $host } auf Port { $port } { $security }
setting-security-tls = mit SSL/TLS
setting-security-starttls = mit STARTTLS
setting-security-none = ohne Verschlüsselung
vantage-heading = Verglichen mit dem Relay unter { $relay }:
vantage-no-address = keine Adresse
vantage-dns-differs = Der DNS-Resolver Ihres Netzes nennt für { $host } eine andere Adresse als das Internet
    .why = Von hier aus löst { $host } zu { $here } auf, aus dem Internet zu { $there }. Ein veralteter (alte Antwort im Cache), filternder (Jugendschutz- oder Sicherheitsfilter) oder umgeleiteter (Hotel- oder Anbieterseite) Resolver schickt Ihr Mailprogramm an die falsche Stelle.
    .fix-1 = Starten Sie Router oder Computer neu, um eine veraltete Antwort zu löschen, oder stellen Sie das DNS Ihres Computers auf das Ihres Anbieters oder einen öffentlichen Resolver um.
    .fix-2 = Wenn Sie einen Sicherheits- oder Jugendschutzfilter oder ein VPN nutzen, schalten Sie es aus und prüfen Sie erneut.
vantage-blocked-here = Ihr Netz sperrt Port { $port }: { $server } antwortet aus dem Internet, aber nicht von hier
    .why = Von hier aus war die Verbindung: { $how }; aus dem Internet kam sie zustande. Etwas zwischen Ihrem Computer und dem Internet hält diesen Port auf: eine Firewall zu Hause, im Hotel oder in der Firma, oder Ihr Internetanbieter (viele sperren Port 25 für ausgehende Mail).
    .fix-1 = Nehmen Sie den anderen Port des Servers, falls es einen gibt (587 oder 465 zum Senden, 993 für IMAP), oder verbinden Sie sich über ein anderes Netz.
    .fix-2 = Bitten Sie den Verwalter Ihres Netzes oder Ihren Internetanbieter, Port { $port } durchzulassen.
vantage-intercepted-here = Etwas auf Ihrem Computer oder in Ihrem Netz signiert verschlüsselte Verbindungen zu { $server } neu
    .why = Von hier aus ist das Zertifikat des Servers von „{ $here }“ ausgestellt, aus dem Internet von „{ $there }“. Ein Virenschutzprogramm, das verschlüsselte Mail prüft, oder ein Firmen-Proxy setzt sein eigenes Zertifikat dazwischen: Mailprogramme, die ihm nicht vertrauen, verbinden sich nicht.
    .fix-1 = Schalten Sie in Ihrem Virenschutzprogramm die Prüfung verschlüsselter (SSL/TLS-)Mailverbindungen aus, oder entfernen Sie seinen Mail-Schutz.
    .fix-2 = In einem Firmennetz fragen Sie dessen Verwalter: Ihr Proxy fängt Mail ab.
vantage-stripped-here = Etwas in Ihrem Netz entfernt { $what } aus dem, was { $server } anbietet
    .why = Aus dem Internet bietet der Server { $what } an, von hier aus nicht. Eine Firewall oder ein „Mail-Guard“ in Ihrem Netz schreibt die Antwort des Servers um, und Ihr Mailprogramm kann dann nicht verschlüsseln oder sich nicht anmelden.
    .fix-1 = Schalten Sie die SMTP- oder Mail-Prüfung der Firewall aus („ESMTP-Inspection“, „Mail-Guard“), oder verbinden Sie sich über ein anderes Netz.
    .fix-2 = Nehmen Sie stattdessen den SSL/TLS-Port des Servers (465 oder 993), den eine Firewall nicht umschreiben kann.
vantage-only-here = { $server } funktioniert aus dem Internet, scheitert aber von hier
    .why = Von hier aus: { $failure }. Dieselben Einstellungen funktionieren aus dem Internet, also sind Server und Einstellungen in Ordnung: Etwas an diesem Computer oder seinem Netz steht im Weg.
    .fix-1 = Prüfen Sie aus einem anderen Netz (dem Hotspot eines Telefons): Geht es dort, liegt es am Netz hier.
    .fix-2 = Schalten Sie ein VPN, einen Proxy oder den Mail-Schutz eines Virenschutzprogramms aus und prüfen Sie erneut.
vantage-same-failure = { $server } scheitert von hier und aus dem Internet gleich
    .why = Beide Orte sehen: { $failure }. Ihr Netz ist nicht die Ursache, sondern der Mailserver oder diese Einstellungen.
    .fix-1 = Folgen Sie der Lösung für diesen Fehler unten, oder schicken Sie diesen Bericht an Ihren Mailanbieter.
vantage-verdict-network = Woran es liegt: an Ihrem Netz. Es hält auf, was das Internet durchlässt.
vantage-verdict-device = Woran es liegt: an etwas auf Ihrem Computer oder in Ihrem Netz (einem Virenschutzprogramm oder einem Proxy), das verschlüsselte Verbindungen neu signiert.
vantage-verdict-server = Woran es liegt: am Mailserver oder an den Einstellungen, nicht an Ihrem Netz. Beide Orte sehen dasselbe.
vantage-verdict-nobody = An nichts: Ihre Server funktionieren von hier und aus dem Internet gleich.
f-host-mismatch = Ihre App verwendet { $given }, aber { $domain } veröffentlicht { $target } als { $direction ->
        [incoming] Posteingangsserver
       *[outgoing] Postausgangsserver
    }
    .why = { $given } scheitert von hier aus: { $failure }. Laut { $source } ist der Server { $target }, nicht { $given }, und maildoctor hat { $server } ohne Probleme erreicht.
    .fix-1 = Ändern Sie in Ihrer Mail-App den { $direction ->
        [incoming] Posteingangsserver
       *[outgoing] Postausgangsserver
    } von { $given } in { $target }; { $keep }.

provider-gmail = { $provider }: Google nimmt ein Passwort nur als App-Passwort an (mit eingeschalteter Zwei-Schritt-Bestätigung), oder die Anmeldung mit Google (OAuth).
provider-outlook-com = { $provider }: Outlook.com nimmt von Mail-Apps keine Passwörter mehr an: die App muss sich bei Microsoft anmelden (OAuth).
provider-microsoft-365 = { $provider }: Postfächer in Microsoft 365 brauchen die Anmeldung mit OAuth; SMTP mit Passwort geht nur, wenn die Verwaltung SMTP AUTH eingeschaltet hat.
provider-yahoo = { $provider }: Yahoo verlangt für Mail-Apps ein App-Passwort (Kontosicherheit, App-Passwort erstellen).
provider-icloud-mail = { $provider }: iCloud braucht ein app-spezifisches Passwort von appleid.apple.com und die vollständige Adresse als Benutzernamen.
provider-aol = { $provider }: AOL verlangt für Mail-Apps ein App-Passwort.
provider-zoho-mail = { $provider }: Bei Zoho muss IMAP in den Einstellungen eingeschaltet sein, und mit Zwei-Faktor-Anmeldung braucht es ein App-Passwort.
provider-fastmail = { $provider }: Fastmail verlangt für Mail-Apps ein App-Passwort mit IMAP/POP/SMTP-Zugriff.
provider-gmx = { $provider }: Bei GMX muss der POP3/IMAP-Zugriff in den Web-Einstellungen eingeschaltet sein.
provider-web-de = { $provider }: Bei WEB.DE muss der POP3/IMAP-Zugriff in den Web-Einstellungen eingeschaltet sein.
provider-mail-com = { $provider }: Bei mail.com muss der POP3/IMAP-Zugriff in den Web-Einstellungen eingeschaltet sein.
provider-yandex-mail = { $provider }: Bei Yandex muss der Zugriff für Mail-Apps eingeschaltet sein, und es braucht ein App-Passwort.
provider-proton-mail = { $provider }: Proton Mail funktioniert in anderen Mail-Apps nur über die Proton Mail Bridge auf demselben Computer, mit dem eigenen Passwort der Bridge.

## Die Menüs der Mail-Apps (Menünamen wie in den deutschen Versionen)

app-outlook = Outlook (Windows)
    .server-1 = Datei › Kontoeinstellungen › Kontoeinstellungen, das Konto auswählen, Ändern (oder Reparieren › Erweiterte Optionen).
    .server-2 = { $direction ->
        [incoming] Posteingangsserver
       *[outgoing] Postausgangsserver
    }: { $host }.
    .server-3 = Weitere Einstellungen › Erweitert: { $direction ->
        [incoming] Posteingangsserver
       *[outgoing] Postausgangsserver
    } Port { $port }, verschlüsselte Verbindung { $security }.
    .auth-1 = Datei › Kontoeinstellungen › Kontoeinstellungen, das Konto auswählen, Ändern › Weitere Einstellungen › Postausgangsserver.
    .auth-2 = „Der Postausgangsserver (SMTP) erfordert Authentifizierung“ ankreuzen und „Gleiche Einstellungen wie für Posteingangsserver verwenden“ wählen.
app-apple-mail = Apple Mail (Mac)
    .server-1 = Mail › Einstellungen › Accounts, den Account auswählen, Servereinstellungen.
    .server-2 = { $direction ->
        [incoming] Server für eintreffende E-Mails
       *[outgoing] Server für ausgehende E-Mails
    }: { $host }; „Verbindungseinstellungen automatisch verwalten“ abwählen; Port { $port }; „TLS/SSL verwenden“ { $tls ->
        [on] ankreuzen
       *[off] abwählen
    }.
    .auth-1 = Mail › Einstellungen › Accounts, den Account auswählen, Servereinstellungen.
    .auth-2 = Unter „Account für ausgehende E-Mails“ die Authentifizierung auf „Passwort“ stellen und Benutzernamen und Passwort eintragen.
app-thunderbird = Thunderbird
    .server-1 = { $direction ->
        [incoming] Konten-Einstellungen › Server-Einstellungen.
       *[outgoing] Konten-Einstellungen › Postausgang-Server (SMTP), den Server auswählen, Bearbeiten.
    }
    .server-2 = Server { $host }, Port { $port }, Verbindungssicherheit { $security }.
    .auth-1 = Konten-Einstellungen › Postausgang-Server (SMTP), den Server auswählen, Bearbeiten.
    .auth-2 = Authentifizierungsmethode: Passwort, normal (Verschlüsseltes Passwort, wenn der Server es verlangt); Benutzername: Ihr Benutzername.
app-ios-mail = Mail auf iPhone und iPad
    .server-1 = { $direction ->
        [incoming] Einstellungen › Apps › Mail › Mail-Accounts, den Account, Account: Server für eintreffende E-Mails, Hostname, dann Erweitert.
       *[outgoing] Einstellungen › Apps › Mail › Mail-Accounts, den Account, Account › SMTP › Primärer Server.
    }
    .server-2 = Hostname { $host }; SSL verwenden { $tls ->
        [on] an
       *[off] aus
    }; Server-Port { $port }.
    .auth-1 = Einstellungen › Apps › Mail › Mail-Accounts, den Account, Account › SMTP › Primärer Server.
    .auth-2 = Authentifizierung: Passwort; Benutzername und Passwort eintragen.
app-gmail-app = Gmail-App (Android)
    .server-1 = Einstellungen, das Konto, { $direction ->
        [incoming] Einstellungen für eingehende Nachrichten
       *[outgoing] Einstellungen für ausgehende Nachrichten
    }.
    .server-2 = Server { $host }, Port { $port }, Sicherheitstyp { $security }.
    .auth-1 = Einstellungen, das Konto, Einstellungen für ausgehende Nachrichten.
    .auth-2 = „Anmeldung erforderlich“ einschalten und Benutzernamen und Passwort eintragen.

## Das Protokoll (eine Zeile je Beobachtung)

ev-dns = DNS    { $type } { $name } über { $resolver }: { $answer } ({ $ms } ms)
ev-denied = GESPERRT { $address }: { $reason }
ev-tcp = TCP    { $address }: { $outcome } ({ $ms } ms)
ev-control = TCP    { $address } (Kontrolle): { $outcome } ({ $ms } ms)
ev-latency = RTT    { $address }: { $connected } von { $attempts } verbunden; min. { $min } ms, Median { $median } ms, max. { $max } ms
ev-tls = TLS    { $address }: { $version }, { $cipher }; { $verdict } ({ $ms } ms)
ev-cert = Zertifikat { $n }: { $subject } | Aussteller { $issuer } | { $from } .. { $until } | { $names }
ev-tls-failed = TLS    { $address }: GESCHEITERT, { $why } ({ $ms } ms)
ev-tls-probe = TLS?   ein TLS-Hallo über eine zweite Verbindung, da der Port im Klartext stumm blieb:
ev-waiting = WARTET { $step }: nach { $ms } ms noch keine Antwort
ev-greeting = HALLO  der Server spricht { $protocol }: { $said }
ev-greeting-unknown = HALLO  kein Mail-Protokoll: { $said }
ev-caps-plain = FÄHIG  vor TLS: { $list }
ev-caps-tls = FÄHIG  mit TLS: { $list }
ev-starttls-accepted = STARTTLS angenommen: { $said }
ev-starttls-refused = STARTTLS ABGELEHNT: { $said }
ev-auth-accepted = LOGIN  { $method } als { $user } angenommen
ev-auth-rejected = LOGIN  { $method } als { $user } ABGELEHNT [{ $code }]: { $said }
ev-auth-not-offered = LOGIN  vom Server nicht angeboten
ev-auth-withheld = LOGIN  nicht versucht
ev-autoconfig = AUTOCONFIG { $url }: HTTP { $status }
ev-autoconfig-problem = AUTOCONFIG { $url }: HTTP { $status }, { $problem }
ev-autodiscover = AUTODISCOVER { $url }: HTTP { $status }, das Postfach liegt bei { $host }
ev-autodiscover-problem = AUTODISCOVER { $url }: HTTP { $status }, { $problem }
ev-failed = GESCHEITERT bei { $step }: { $why }
ev-completed = FERTIG { $protocol }-Gespräch abgeschlossen
ev-unknown = ?      ein Ereignis, das diese Version nicht kennt ({ $kind })

dns-no-data = keine Einträge dieses Typs
dns-nxdomain = NXDOMAIN: den Namen gibt es nicht
dns-servfail = SERVFAIL
dns-refused = REFUSED
dns-timeout = keine Antwort
dns-error = Fehler: { $message }

tcp-connected = verbunden
tcp-refused = abgelehnt (RST: niemand lauscht, oder eine Firewall weist ab)
tcp-timed-out = keine Antwort (stillschweigend verworfen)
tcp-unreachable = nicht erreichbar (ICMP von einem Router oder einer Firewall)
tcp-reset = zurückgesetzt
tcp-no-route = von hier aus keine Route

cert-valid = Zertifikat gültig
cert-expired = Zertifikat ABGELAUFEN (gültig bis { $date })
cert-not-yet-valid = Zertifikat NOCH NICHT GÜLTIG (gültig ab { $date })
cert-self-signed = Zertifikat SELBST SIGNIERT
cert-untrusted = Zertifikat von UNBEKANNTER STELLE
cert-wrong-name = Zertifikat mit FALSCHEM NAMEN (erwartet { $expected }, enthält { $presented })
cert-incomplete = UNVOLLSTÄNDIGE Zertifikatskette (ein Zwischenzertifikat fehlt)
cert-revoked = Zertifikat WIDERRUFEN
cert-rejected = Zertifikat ABGELEHNT ({ $detail })

tls-only-old = der Server spricht nur { $version }
tls-only-old-unknown = der Server spricht nur TLS 1.0 oder 1.1
tls-not-tls = der Server antwortete im Klartext: „{ $text }“ ({ $hex })
tls-alert = Alert { $alert }
tls-timeout = kein Handshake in der Zeit
tls-closed = der Server hat die Verbindung geschlossen
tls-other = { $detail }

failure-timeout = keine Antwort innerhalb von { $ms } ms
failure-deadline = die ganze Prüfung hat ihre Zeit überschritten ({ $ms } ms)
failure-closed = der Server hat die Verbindung geschlossen
failure-reset = die Verbindung wurde zurückgesetzt
failure-line-too-long = eine Zeile länger als { $limit } Bytes
failure-response-too-large = eine Antwort mit mehr als { $limit } Zeilen
failure-tls-on-plain-port = TLS-Bytes, wo Klartext erwartet war
failure-unreachable = keine Adresse ließ sich verbinden
failure-no-address = keine Adresse zum Verbinden
failure-local = ein lokaler Fehler: { $detail }

violation-not-a-reply = eine Zeile, die keine Antwort des Protokolls ist: „{ $line }“
violation-code-changed = der Antwortcode wechselte innerhalb einer Antwort von { $from } zu { $to }
violation-endless-challenges = der Server verlangte nach der Anmeldung immer weiter
violation-data-after-starttls = der Server sandte { $bytes ->
        [one] ein Byte
       *[other] { $bytes } Bytes
    } nach der Zusage zu STARTTLS; sie wurden verworfen und die Verbindung geschlossen

autoconfig-no-address = der Host hat keine Adresse, mit der sich maildoctor verbinden darf
autoconfig-unreachable = keine Adresse des Hosts nahm eine Verbindung an
autoconfig-certificate = das Zertifikat des Autoconfig-Servers ist nicht gültig; seine Einstellungen wurden nicht gelesen
autoconfig-tls = die verschlüsselte Verbindung zum Autoconfig-Server ist gescheitert
autoconfig-bad-response = keine brauchbare HTTP-Antwort ({ $detail })
autoconfig-status = kein Dokument (maildoctor folgt keinen Weiterleitungen)
autoconfig-not-autoconfig = kein Autoconfig-Dokument ({ $detail })
autoconfig-timeout = der Server hat das Dokument nicht rechtzeitig gesendet

## Die Beschriftungen der Seite

page-lede = Findet heraus, warum Ihre Mail-App keine Verbindung zu Ihrem Mailserver bekommt, aus Ihrem eigenen Netz, und sagt Ihnen, wie Sie es beheben.
page-language = Sprache
page-account = Ihr Konto
page-address = E-Mail-Adresse
page-username = Benutzername, falls nicht Ihre Adresse
page-username-note = Leer lassen, wenn sich Ihre Mail-App mit der E-Mail-Adresse anmeldet.
page-password = Passwort (freiwillig)
page-password-note = Ihr Passwort geht nur an das Relay und von dort nur über geprüftes TLS an Ihren Mailserver. Es wird nie gespeichert, protokolliert oder in einen Link geschrieben.
page-incoming = Posteingang
page-outgoing = Postausgang (SMTP)
page-server = Server
page-port = Port
page-protocol = Protokoll
page-security = Sicherheit
page-username-field = Benutzername
page-diagnose = Prüfen
page-cancel = Abbrechen
page-checking = Prüfung läuft…
page-status-idle = Geben Sie Ihre Adresse ein. Tragen Sie die Server ein, die Ihre Mail-App verwendet, um sie zu prüfen, oder lassen Sie sie leer, dann sucht maildoctor Einstellungen, die funktionieren.
page-status-cancelled = Abgebrochen. Die fertigen Prüfungen stehen unten.
page-status-failed = Die Prüfung konnte nicht abgeschlossen werden
page-port-invalid = „{ $input }“ ist kein Port: verwenden Sie eine Zahl von 1 bis 65535
page-severity-error = Problem
page-severity-warning = Warnung
page-severity-info = Hinweis
page-severity-ok = OK
page-fix = So beheben Sie es
page-clients = Wo Sie es in Ihrer Mail-App ändern
page-evidence = Was maildoctor beobachtet hat
page-follows = { $count ->
    [one] Ein weiterer Befund, der daraus folgt
   *[other] { $count } weitere Befunde, die daraus folgen
}
page-advanced = Erweitert
page-token = OAuth-Zugriffstoken (statt des Passworts)
page-token-note = Für Konten, die sich mit OAuth anmelden: das Token geht nur an Ihre Server und an die, die Ihre Domain veröffentlicht, über geprüftes TLS, und wird nie gespeichert.
page-consent-why = maildoctor hat Server gefunden, die funktionieren, aber sie gehören nicht zu den eigenen Einstellungen Ihrer Domain (siehe oben), daher wurde Ihr Passwort ohne Ihr Ja nicht an sie gesendet.
page-consent = Mein Passwort mit diesen Einstellungen testen
page-steps = Schritt für Schritt
page-steps-summary = { $done } von { $total } Servern geprüft
page-step-passed = bestanden
page-step-failed = fehlgeschlagen
page-step-waiting = wartet
page-step-skipped = nicht versucht
page-step-waited = wartet seit { $seconds } s
page-step-took = { $ms } ms
page-step-at = nach { $ms } ms
page-hop-computer = Dieser Computer
page-hop-relay = maildoctor-Relay
page-hop-dns = Namensauflösung (DNS)
page-hop-address = Serveradresse
page-hop-port = Port
page-hop-tls = Verschlüsselung (TLS)
page-hop-login = Anmeldung
page-path-broken = Der Weg bricht ab bei: { $hop }
page-path-clear = Der ganze Weg funktioniert.
page-path-checking = Der Weg wird geprüft.
page-matrix = Geprüfte Ports und Verschlüsselungen
page-matrix-caption = { $host }
page-matrix-more = { $count ->
    [one] Ein weiterer geprüfter Servername
   *[other] { $count } weitere geprüfte Servernamen
}
page-cell-works = funktioniert
page-cell-failed = scheitert bei { $step }
page-cell-checking = wird geprüft
page-cell-untested = nicht geprüft
page-working = { $proven ->
        [yes] Einstellungen, die funktionieren
       *[no] Einstellungen, die antworten (nicht alles wurde bis zum Ende geprüft)
    }
page-copy = Kopieren
page-copy-field = { $what } kopieren
page-copy-all = Alle Einstellungen kopieren
page-copied = Kopiert: { $what }
page-copy-failed = Der Browser hat das Kopieren von { $what } nicht erlaubt; markieren und kopieren Sie den Text selbst.
page-export = Bericht speichern oder teilen
page-report = den Bericht
page-download-markdown = Als Markdown herunterladen
page-download-json = Als JSON herunterladen
page-copy-report = Bericht kopieren
page-share = Link zum Teilen kopieren
page-share-note = Ein Link zum Teilen enthält den Bericht selbst, komprimiert, hinter dem Zeichen #, das Browser nie an einen Server senden. Er enthält nie Ihr Passwort.
page-share-link = Link zum Teilen
page-share-failed = Dieser Browser kann keinen Link zum Teilen erzeugen; laden Sie den Bericht stattdessen herunter.
page-share-broken = Dieser Link ist beschädigt oder unvollständig: lassen Sie ihn sich noch einmal schicken.
page-deep-link = Link, der diese Einstellungen einträgt (ohne Passwort)
page-shared = Dies ist ein geteilter Bericht. Er kann nicht geändert werden und zeigt, was beim Erstellen beobachtet wurde.
page-check-again = Erneut prüfen
page-relay-unknown = Diese Seite weiß nicht, wo ihr Relay ist.
    .fix = Öffnen Sie maildoctor unter seiner eigenen Adresse, oder bitten Sie den Betreiber der einbettenden Seite, das Relay einzutragen.
page-relay-unreachable = Das maildoctor-Relay unter { $url } ist nicht erreichbar.
    .fix = Das ist ein Problem von maildoctor, nicht Ihrer Mail. Prüfen Sie, ob Sie online sind, und versuchen Sie es in einer Minute erneut; wenn Sie das Relay selbst betreiben, starten Sie es.
page-relay-origin = Das maildoctor-Relay unter { $url } nimmt keine Prüfungen von dieser Seite an.
    .fix = Das Relay bedient nur Seiten, die sein Betreiber erlaubt. Verwenden Sie die Seite, die das Relay selbst ausliefert, oder bitten Sie den Betreiber, diese Website zu erlauben.
page-relay-busy = Das maildoctor-Relay ist ausgelastet.
    .fix = Es ist voll, startet neu, oder Ihr Netz hat schon mehrere Prüfungen offen. Schließen Sie andere maildoctor-Tabs und versuchen Sie es in einer Minute erneut.
page-relay-version = Das Relay spricht eine andere Version des maildoctor-Protokolls (diese Seite: { $page }, das Relay: { $relay }).
    .fix = Laden Sie die Seite neu, um die Version zu erhalten, die zum Relay passt.
page-relay-silent = Das Relay hat die Verbindung angenommen und dann nicht mehr geantwortet.
    .fix = Etwas zwischen Ihnen und dem Relay hält die Verbindung vielleicht offen (ein Proxy oder eine Firewall). Versuchen Sie es erneut oder in einem anderen Netz.
page-relay-said = Das Relay hat die Anfrage dieser Seite abgelehnt: { $message }
    .fix = Das ist ein Fehler in maildoctor. Laden Sie die Seite neu und versuchen Sie es erneut.
page-relay-lost = Die Verbindung zum Relay brach ab, bevor die Prüfungen fertig waren.
    .fix = Die bisherigen Ergebnisse werden angezeigt. Prüfen Sie, ob Sie online sind, und versuchen Sie es erneut.
page-relay-restarting = Das maildoctor-Relay wurde neu gestartet, bevor die Prüfungen fertig waren.
    .fix = Die bisherigen Ergebnisse werden angezeigt. Das ist kein Problem Ihrer Mail oder Ihres Netzes: Starten Sie die Prüfung in einer Minute erneut.
page-expected = Die Einstellungen Ihres Anbieters:
page-expected-incoming = Eingehend: { $protocol } { $host }, Port { $port }, { $security }
page-expected-outgoing = Ausgehend: { $protocol } { $host }, Port { $port }, { $security }
page-compare = Auch von { $relay } im Internet prüfen und beides vergleichen
page-compare-heading = Von diesem Computer und aus dem Internet
page-compare-running = Prüfe auch von { $relay } aus …
page-compare-failed = Die Prüfung von { $relay } aus ist nicht fertig geworden: { $problem }
page-relay-choose = Prüfen von
page-relay-through = Geprüft über { $relay }.
page-relay-named = { $name }
page-relay-named-region = { $name } ({ $region })
page-relay-measured = { $name }: { $ms } ms entfernt
page-relay-measured-region = { $name } ({ $region }): { $ms } ms entfernt
page-relay-local = Diesem Computer: am genauesten für Firewalls, VPNs und Virenschutz
page-relay-local-why = maildoctor läuft auf diesem Computer, also sieht die Prüfung Ihr eigenes Netz so, wie Ihr Mailprogramm es sieht: mit Firewalls, VPNs, Proxys und Virenschutz. Ein Relay im Internet sieht nur sein eigenes Netz.
page-relay-local-how = Stattdessen von diesem Computer prüfen
page-relay-local-prompt = Ihr Browser fragt vielleicht, ob diese Seite nach Geräten in Ihrem lokalen Netz suchen darf: Erlauben Sie es, damit die Seite maildoctor auf diesem Computer erreicht. Sonst wird nichts in Ihrem Netz angesprochen. Safari lässt eine sichere Seite kein Programm auf diesem Computer erreichen: Nehmen Sie einen anderen Browser, oder öffnen Sie http://127.0.0.1:4587 selbst.

## resolvers

f-resolver-denies-everything = Der DNS-Resolver Ihres Netzes antwortet nicht wahrheitsgemäß
    .why = Er sagt, es gebe keinen einzigen Namen, nicht einmal die Wurzelzone des Internets, die es immer gibt. Er hat { $count ->
        [one] einen Namen
       *[other] { $count } Namen
    } bestritten: { $names }. So antwortet ein WLAN, in dem Sie sich erst anmelden müssen (eine Anmeldeseite im Hotel, Café oder Zug), ein Netz ohne Internetverbindung oder ein DNS-Filter. Ihre Einstellungen sind sehr wahrscheinlich richtig: Das ist kein Tippfehler.
    .fix-1 = In einem Hotel-, Café- oder Gast-WLAN öffnen Sie einen Webbrowser, melden sich auf der Seite des Netzes an und prüfen dann erneut.
    .fix-2 = Sonst wechseln Sie das Netz (etwa mobile Daten eines Telefons), oder stellen Sie das DNS Ihres Geräts auf das Ihres Routers oder einen öffentlichen Resolver wie 1.1.1.1 um.
    .fix-3 = Wenn Sie einen DNS-Filter, ein VPN oder eine Sicherheits-App nutzen, die Namen filtert, schalten Sie sie aus und prüfen Sie erneut.
    .relay = { $from } antwortet der DNS-Resolver nicht wahrheitsgemäß
    .relay-why = Er sagt, es gebe keinen einzigen Namen, nicht einmal die Wurzelzone des Internets; er hat { $count ->
        [one] einen Namen
       *[other] { $count } Namen
    } bestritten: { $names }. { -relay-resolver }
    .relay-fix-1 = Ist es dort genauso, melden Sie sich auf der Seite des WLANs an oder wechseln Sie das Netz.
f-resolver-denies = Der DNS-Resolver Ihres Netzes antwortet nicht wahrheitsgemäß
    .why = Er sagt, { $names } gebe es nicht, doch es gibt { $count ->
        [one] ihn
       *[other] sie
    }: Das sagen maildoctors Liste der Mailanbieter oder andere Resolver im Internet. So antwortet ein WLAN, in dem Sie sich erst anmelden müssen (eine Anmeldeseite), ein Netz ohne Internetverbindung oder ein DNS-Filter. Ihre Einstellungen sind sehr wahrscheinlich richtig: Das ist kein Tippfehler.
    .fix-1 = In einem Hotel-, Café- oder Gast-WLAN öffnen Sie einen Webbrowser, melden sich auf der Seite des Netzes an und prüfen dann erneut.
    .fix-2 = Sonst wechseln Sie das Netz (etwa mobile Daten eines Telefons), oder stellen Sie das DNS Ihres Geräts auf das Ihres Routers oder einen öffentlichen Resolver wie 1.1.1.1 um.
    .fix-3 = Wenn Sie einen DNS-Filter, ein VPN oder eine Sicherheits-App nutzen, die Namen filtert, schalten Sie sie aus und prüfen Sie erneut.
    .relay = { $from } antwortet der DNS-Resolver nicht wahrheitsgemäß
    .relay-why = Er hat { $count ->
        [one] einen Namen, den es gibt,
       *[other] { $count } Namen, die es gibt,
    } bestritten: { $names }. { -relay-resolver }
    .relay-fix-1 = Ist es dort genauso, melden Sie sich auf der Seite des WLANs an oder wechseln Sie das Netz.
f-resolver-sinkhole = Das DNS Ihres Netzes sperrt { $name }
    .why = Ihr Resolver antwortet für { $name } mit { $sink }: einer Adresse, die nirgendwohin führt. So sperrt ein DNS-Filter (ein Jugendschutz- oder Sicherheitsfilter, ein Werbeblocker, die DNS-Regeln einer Firma) einen Namen. Andere Resolver sagen: { $addresses }. Über diesen Resolver erreicht Ihr Mailprogramm den Server nicht.
    .fix-1 = Erlauben Sie { $name } in den Einstellungen des DNS-Filters, oder schalten Sie den Filter, das VPN oder die Sicherheits-App aus, die Namen filtert.
    .fix-2 = Oder stellen Sie das DNS Ihres Geräts auf das Ihres Routers oder einen öffentlichen Resolver wie 1.1.1.1 um.
    .relay = { $from } sperrt DNS { $name }
    .relay-why = Der Resolver des Relays antwortet für { $name } mit { $sink }, einer Adresse, die nirgendwohin führt (ein DNS-Filter); andere Resolver sagen { $addresses }. { -relay-resolver }
    .relay-fix-1 = Ist es dort genauso, erlauben Sie { $name } im DNS-Filter, oder schalten Sie den Filter aus.
f-resolver-slow = Der DNS-Resolver Ihres Netzes ist langsam
    .why = Er hat { $ms } ms gebraucht, um für { $name } zu antworten. Mailprogramme bekommen die Antwort noch (sie warten etwa 5 Sekunden, bevor sie einen Versuch aufgeben), aber jede neue Verbindung beginnt um so viel später, und etwas mehr Verzögerung lässt Abfragen scheitern.
    .fix-1 = Starten Sie Ihren Router neu; bleiben die Abfragen langsam, stellen Sie das DNS Ihres Geräts auf das Ihres Routers oder einen öffentlichen Resolver wie 1.1.1.1 um.
    .relay = { $from } ist der DNS-Resolver langsam
    .relay-why = Er hat { $ms } ms gebraucht, um für { $name } zu antworten. { -relay-resolver }

## middleboxes
f-starttls-hidden = Ihr Netz verbirgt die Verschlüsselung vor Ihrer Mail-App
    .why = Die Liste der Erweiterungen des Servers kam ohne STARTTLS an, und doch funktionierte STARTTLS, als maildoctor es trotzdem versuchte („{ $said }“). Ein Gerät in Ihrem Netz (Firewall, Router oder Proxy) entfernt die Verschlüsselung aus dem Angebot des Servers. Mail-Apps wie Outlook und Thunderbird verweigern dann die Verbindung oder senden Passwort und Mails unverschlüsselt.
    .fix-1 = Bitten Sie die Betreiber dieses Netzes, das Filtern von Mail abzuschalten (auf Cisco-Firewalls: „no inspect esmtp“), oder versuchen Sie es aus einem anderen Netz.
    .fix-2 = Verwenden Sie bis dahin SSL/TLS an Port 465 (Senden) oder 993 (Empfangen) statt STARTTLS an Port { $port }: In diese Verbindung kann das Gerät nicht hineinsehen.
    .relay = { $from } verbirgt etwas auf dem Weg die Verschlüsselung
    .relay-why = Die Liste der Erweiterungen des Servers kam beim Relay ohne STARTTLS an, und doch funktionierte STARTTLS beim Versuch („{ $said }“): etwas auf dem Weg entfernt es. { -relay-path }
    .relay-fix-1 = Ist es dort genauso, verwenden Sie SSL/TLS an Port 465 oder 993 statt STARTTLS an Port { $port }.
f-starttls-blocked = Ein Gerät in Ihrem Netz entfernt die Verschlüsselung
    .why = Die Liste der Erweiterungen des Servers kam ohne STARTTLS an, und STARTTLS wurde beim Versuch abgelehnt („{ $said }“), obwohl der Server selbst zuerst Verschlüsselung verlangt („{ $demand }“). Etwas zwischen Ihnen und dem Server entfernt STARTTLS und blockiert es, sodass Ihre Mail-App die Verbindung nicht verschlüsseln kann.
    .fix-1 = Verwenden Sie stattdessen SSL/TLS an Port { $tls_port }: Eine von Anfang an verschlüsselte Verbindung kann das Gerät nicht umschreiben.
    .fix-2 = Bitten Sie die Betreiber dieses Netzes, die Mail-Untersuchung der Firewall abzuschalten (Cisco ASA: „no inspect esmtp“), oder versuchen Sie es aus einem anderen Netz.
    .relay = { $from } entfernt etwas auf dem Weg die Verschlüsselung
    .relay-why = Die Liste der Erweiterungen des Servers kam beim Relay ohne STARTTLS an, und STARTTLS wurde abgelehnt („{ $said }“), obwohl der Server es verlangt („{ $demand }“). { -relay-path }
    .relay-fix-1 = Ist es dort genauso, verwenden Sie stattdessen SSL/TLS an Port { $tls_port }.
f-mtu-blackhole = Große Pakete gehen auf dem Weg zum Server verloren
    .why = Die Verbindung und die kurzen Antworten des Servers kamen durch, aber die verschlüsselte Verbindung blieb hängen, als der Server sein Zertifikat schickte, das erste große Paket. Gebeten, nur kleine Pakete ({ $mss } Byte) zu senden, schloss der Server sie sofort ab: Der Server funktioniert, und der Weg zu ihm verwirft Pakete ab einer bestimmten Größe, ohne es einer Seite zu melden (ein MTU-Black-Hole). Meist sind VPN- oder PPPoE-Tunnel (DSL) die Ursache.
    .fix-1 = Wenn Sie ein VPN nutzen, trennen Sie es und versuchen Sie es erneut; hilft das, senken Sie die MTU des VPN (1400 ist ein sicherer Wert).
    .fix-2 = An einem DSL-Anschluss (PPPoE) stellen Sie die MTU des Routers auf 1492 und schalten „MSS Clamping“ ein, falls er es anbietet.
    .fix-3 = Trifft beides nicht zu, melden Sie Ihrem Internetanbieter, dass große Pakete zu diesem Server verworfen werden.
    .relay = { $from } gehen große Pakete auf dem Weg zum Server verloren
    .relay-why = Vom Relay aus blieb die Verbindung beim ersten großen Paket des Servers hängen; mit kleinen Paketen ({ $mss } Byte) kam sie zustande. Der Weg des Relays verwirft große Pakete; Ihrer vielleicht nicht.
    .relay-fix-1 = Ist es dort genauso und nutzen Sie ein VPN oder DSL (PPPoE), senken Sie dessen MTU (1400 für ein VPN, 1492 für DSL).
    .relay-fix-2 = { -relay-tell }
ev-tls-small-segments = TLS?   der hängende Handshake noch einmal, mit Paketen von höchstens { $mss } Byte:
ev-plain-command = { $command }   will der Server zuerst TLS? { $said }
f-dns-nxdomain-denied = Ihr Resolver sagt, { $host } gebe es nicht
    .why = Der Resolver Ihres Netzes sagt, einen Namen { $host } gebe es nicht, doch seinen Antworten ist nicht zu trauen (siehe oben); der Name in Ihren Einstellungen kann also durchaus richtig sein.
    .fix-1 = Beheben Sie das Problem mit dem Resolver wie oben beschrieben, und prüfen Sie dann erneut.
    .relay = { $from } sagt der DNS-Resolver, { $host } gebe es nicht
    .relay-why = Der Resolver des Relays sagt, einen Namen { $host } gebe es nicht, doch seinen Antworten ist nicht zu trauen (siehe oben); der Name in Ihren Einstellungen kann also durchaus richtig sein.

## mechanisms
f-cram-md5-only = Dieser Server nimmt Ihr Passwort nur per CRAM-MD5 an
    .why = Die Anmeldung hat funktioniert, aber nur mit CRAM-MD5 („verschlüsseltes Passwort“, eine Anmeldung per Challenge-Response): dieser { $protocol }-Server nimmt kein Passwort an, das so gesendet wird, wie es eingegeben wurde, auch nicht über TLS. Mail-Apps senden von sich aus { $protocol ->
        [IMAP] den IMAP-Befehl LOGIN
        [POP3] USER und PASS
       *[other] AUTH PLAIN oder AUTH LOGIN
    }, und diese Anmeldung scheitert hier, bis die App auf CRAM-MD5 eingestellt ist.
    .fix-1 = Thunderbird: { $protocol ->
        [SMTP] Konten-Einstellungen › Postausgang-Server (SMTP), den Server auswählen, Bearbeiten
       *[other] Konten-Einstellungen › Server-Einstellungen
    }: Authentifizierungsmethode „Verschlüsseltes Passwort“.
    .fix-2 = Apple Mail und iPhone/iPad-Mail: in den erweiterten Einstellungen des { $protocol ->
        [SMTP] Postausgangsservers (SMTP)
       *[other] Posteingangsservers
    } die Authentifizierung „MD5-Challenge-Response“.
    .fix-3 = Outlook kann sich an diesem Server nicht anmelden: Es kennt kein CRAM-MD5, und seine „Gesicherte Kennwortauthentifizierung (SPA)“ ist NTLM, das dieser Server nicht anbietet. Nehmen Sie eine andere Mail-App, oder bitten Sie den Anbieter, normale Passwörter über TLS anzunehmen.
f-apop-only = Dieser POP3-Server nimmt Ihr Passwort nur per APOP an
    .why = Die Anmeldung hat funktioniert, aber nur mit APOP, der Challenge-Response-Anmeldung von POP3: Der Server lehnt USER und PASS ab und bietet kein AUTH-Verfahren an, das das Passwort so sendet, wie es eingegeben wurde. Mail-Apps senden von sich aus USER und PASS, und diese Anmeldung scheitert hier, bis die App auf APOP eingestellt ist.
    .fix-1 = Thunderbird: Konten-Einstellungen › Server-Einstellungen: Authentifizierungsmethode „Verschlüsseltes Passwort“ (für POP3 verwendet Thunderbird dann APOP).
    .fix-2 = Apple Mail: in den erweiterten POP-Einstellungen des Posteingangsservers die Authentifizierung „APOP“. Hat die Liste der Authentifizierung in iPhone/iPad-Mail kein APOP, kann es sich an diesem Server nicht anmelden.
    .fix-3 = Outlook kann sich an diesem Server nicht anmelden: Es kennt kein APOP, und seine „Gesicherte Kennwortauthentifizierung (SPA)“ ist NTLM, das dieser Server nicht anbietet. Nehmen Sie eine andere Mail-App, oder bitten Sie den Anbieter, USER/PASS über TLS einzuschalten.
f-user-pass-off = Dieser POP3-Server hat USER/PASS abgeschaltet
    .why = Die Anmeldung hat mit AUTH PLAIN funktioniert, aber der Server bietet die POP3-Befehle USER und PASS nicht an. Apps, die nur USER und PASS senden, können sich hier nicht anmelden: Outlook tut das bei POP3 mit normalem Passwort.
    .fix-1 = Thunderbird: Die Authentifizierungsmethode „Passwort, normal“ funktioniert (es verwendet AUTH PLAIN, wenn der Server es anbietet).
    .fix-2 = Apple Mail und iPhone/iPad-Mail: Authentifizierung „Passwort“.
    .fix-3 = Outlook kann sich an diesem POP3-Server nicht anmelden; richten Sie das Konto als IMAP ein, wenn der Anbieter es anbietet, oder nehmen Sie eine andere Mail-App.

## relay

relay-why-limits-unavailable = dieses Relay zählt Anmeldungen in einem Speicher, den es mit anderen Relays teilt, und erreicht diesen Speicher gerade nicht; es sendet deshalb vorerst kein Passwort, denn eine Anmeldung, die es nicht zählen kann, könnte ein Konto sperren lassen. Versuchen Sie es in einigen Minuten noch einmal, oder sagen Sie es dem Betreiber des Relays.

## part A (issue 19): where the checks ran

# A relay elsewhere, fronting a finding about the network path as that relay's view.
relay-from = { $shape ->
    [both] Vom Relay { $name } in { $region } aus
    [name] Vom Relay { $name } aus
    [region] Vom Relay in { $region } aus
   *[none] Vom Relay aus
}
# Von einem Relay anderswo der erste Schritt jedes Befunds über den Netzweg (render.rs setzt ihn vor die .relay-fix-N der Meldung).
relay-check-own = Prüfen Sie von Ihrem eigenen Computer aus: mit maildoctor check oder dem lokalen Relay.
-relay-tell = Ist es von Ihrem eigenen Computer aus in Ordnung, melden Sie es dem Betreiber des Relays.
-relay-path = Das ist der Weg des Relays, nicht Ihrer.
-relay-resolver = Das ist der Resolver des Relays, nicht Ihrer.
# Where the checks ran, for the report's "Checked from" line and its JSON.
checked-from-place = { $shape ->
    [here] dieser Computer
    [both] das Relay { $name } ({ $region })
    [name] das Relay { $name }
    [region] das Relay in { $region }
   *[none] ein Relay, nicht dieser Computer
}
report-checked-from = Geprüft von: { $place }

## egress (part B, issue 19): a relay that cannot reach a port at all
f-relay-cannot-reach = Das Relay kann Port { $port } nicht prüfen
    .why = Das Relay, über das diese Prüfung lief, erreicht Port { $port } bei keinem Server: sein eigenes Netz verhindert das (viele Cloud-Anbieter sperren ausgehenden Port 25 gegen Spam). Ob { $host } auf Port { $port } antwortet und ob Ihr Netz das durchlässt, ist daher offen. Nichts hier spricht dafür, dass Ihr Netz oder der Server schuld ist.
    .fix-1 = Prüfen Sie von Ihrem eigenen Computer aus: starten Sie „maildoctor serve --local“ und wählen Sie auf dieser Seite „Stattdessen von diesem Computer prüfen“, oder führen Sie im Terminal „maildoctor check“ mit Ihrer Adresse aus.
    .fix-2 = { $port ->
        [25] Mail-Apps sollten ohnehin über Port 587 (STARTTLS) oder 465 (SSL/TLS) senden: Port 25 ist für Server, die untereinander Mail weitergeben.
       *[other] Oder bitten Sie den Betreiber dieses Relays, ihm Port { $port } freizugeben.
    }

## local relay (part C, issue 19): pairing with this computer's relay, relays a link names
page-relay-link-refused = Dieser Link nennt ein Relay unter { $host }, das diese Website nicht betreibt: Es wird nicht verwendet, also erreicht Ihr Passwort nicht den Betreiber von { $host }. Die Prüfung läuft über das Relay dieser Website.
page-pair-needed = maildoctor läuft auf diesem Computer, kennt diese Website aber noch nicht und prüft deshalb nicht für sie.
page-pair-ask = Diese Website in maildoctor auf diesem Computer erlauben
page-pair-asked = Das Terminal, in dem maildoctor läuft, fragt „allow { $origin }? code { $code } [y/N]“. Ist sein Code { $code }, tippen Sie dort y und drücken Sie die Eingabetaste.
page-pair-refused = maildoctor auf diesem Computer hat diese Website nicht erlaubt (die Antwort war nein, oder binnen zwei Minuten kam keine). Fragen Sie erneut und antworten Sie y im Terminal, oder prüfen Sie über das Relay im Internet.

# first paint: index.html's first screen says this (in English) until the app has started
page-loading = maildoctor wird geladen…

## the page (issue 21): what the live region says, relays by name, this computer's relay when asked
page-said-started = { $address } wird geprüft. Das Ergebnis wird angesagt, sobald die Prüfung fertig ist.
page-said-end = { $verdict ->
        [problems] Probleme gefunden: { $cause }
        [warnings] Es funktioniert, mit einer Warnung: { $cause }
        [not_verified] Nicht bestätigt: { $cause }
       *[fine] Keine Probleme gefunden: { $cause }
    }
page-said-progress = Die Prüfung läuft noch: bisher { $tried ->
        [one] eine Server-Einstellung
       *[other] { $tried } Server-Einstellungen
    } versucht.
page-said-failed = Die Prüfung konnte nicht abgeschlossen werden: { $why }
page-relay-own = das Relay dieser Website
page-relay-local-start = Starten Sie „maildoctor serve --local“ auf diesem Computer und suchen Sie es dann hier: Die Prüfung sieht dann Ihre Firewall, Ihr VPN und Ihren Virenschutz so wie Ihr Mailprogramm. Dieser Browser merkt es sich.
page-relay-local-look = maildoctor auf diesem Computer suchen
page-relay-local-missing = maildoctor antwortet auf diesem Computer nicht ({ $host }). Starten Sie es mit „maildoctor serve --local“ und suchen Sie dann noch einmal.

## Issue 22: the app is the suspect, and what cannot be seen

f-app-suspect = { $sides ->
        [both] Empfangen und Senden funktionieren
        [incoming] Empfangen funktioniert
       *[outgoing] Senden funktioniert
    } mit Ihren Einstellungen: prüfen Sie die App
    .why = maildoctor hat sich mit den Einstellungen angemeldet, die Sie eingegeben haben{ $compared ->
        [differs] ; sie weichen von { $source } ab: { $changes }
       *[same] {""}
    }. Name, Verbindung, Verschlüsselung und Anmeldung sind in Ordnung. Scheitert Ihre App trotzdem, prüfen Sie, was sie gespeichert hat: Passwort, Konto, Profil, Add-ins.
    .fix-1 = Geben Sie das Passwort in der App neu ein.
    .fix-2 = Scheitert sie weiter: Konto entfernen und neu hinzufügen, die App aktualisieren, ohne Add-ins starten, ein neues Profil anlegen.
suspect-change = { $direction ->
        [incoming] Empfangen
       *[outgoing] Senden
    }: { $field ->
        [host] Server
        [port] Port
       *[security] Verschlüsselung
    } { $given } statt { $other }
f-app-unproven = Ihre App ist noch nicht als Ursache belegt
    .why = { $sides ->
        [both] Die Server antworten
        [incoming] Der Server für eingehende Mail antwortet
       *[outgoing] Der Server für ausgehende Mail antwortet
    } mit Ihren Einstellungen, aber keine Anmeldung hat Ihr Konto bestätigt.
    .fix-1 = Prüfen Sie erneut mit Ihrem Passwort.
f-unseen = Was maildoctor nicht sehen kann
    .why = Es sendet keine Nachricht und sieht daher keine Inhaltsfilter, keine Regeln gegen bestimmte Apps und keine Größengrenzen. { $size ->
        [limit] Der Postausgangsserver nimmt Nachrichten bis { $mb } MB an: Anhänge bis etwa { $attach } MB.
        [bytes] Der Postausgangsserver nimmt Nachrichten bis { $bytes } Byte an.
        [none] Der Postausgangsserver nennt keine feste Größengrenze.
        [unstated] Der Postausgangsserver sagt nicht, wie groß eine Nachricht sein darf.
       *[unchecked] Kein Postausgangsserver wurde geprüft.
    }
    .fix-1 = Scheitern nur manche Nachrichten? Senden Sie eine ohne Anhang.
    .fix-2 = Scheitert nur diese App, und Webmail geht? Fragen Sie Ihren Anbieter, ob er die App sperrt.
app-outlook-new = neues Outlook (Windows)
app-samsung-email = Samsung Email (Android)
reset-outlook =
    .step-1 = Datei › Kontoeinstellungen › Kontoeinstellungen › Ändern: das Passwort; oder Entfernen, dann Datei › Konto hinzufügen.
    .step-2 = Datei › Office-Konto › Updateoptionen › Jetzt aktualisieren.
    .step-3 = Windows+R: outlook.exe /safe. Geht es dann? Datei › Optionen › Add-Ins › Los: abwählen.
    .step-4 = Systemsteuerung › Mail › Profile anzeigen › Hinzufügen: ein neues Profil.
reset-outlook-new =
    .step-1 = Einstellungen › Konten › E-Mail-Konten › Verwalten › Entfernen, dann Konto hinzufügen.
    .step-2 = Im Microsoft Store aktualisieren; oder Windows-Einstellungen › Apps › Installierte Apps › Outlook (new) › Erweiterte Optionen › Zurücksetzen.
reset-thunderbird =
    .step-1 = Einstellungen › Datenschutz & Sicherheit › Gespeicherte Passwörter: das des Servers entfernen; oder Konten-Einstellungen › Konten-Aktionen › Konto entfernen.
    .step-2 = Hilfe › Über Thunderbird: Updates.
    .step-3 = Hilfe › Fehlerbehebungsmodus (oder Umschalt beim Start). Geht es dann? Add-ons unter Add-ons und Themes ausschalten.
    .step-4 = thunderbird -P › Profil erstellen.
reset-apple-mail =
    .step-1 = Mail › Einstellungen › Accounts › Servereinstellungen: das Passwort; oder den Account entfernen (−) und hinzufügen (+).
    .step-2 = Systemeinstellungen › Allgemein › Softwareupdate.
    .step-3 = Mail › Einstellungen › Allgemein › Mail-Erweiterungen verwalten: aus.
reset-ios-mail =
    .step-1 = Einstellungen › Apps › Mail › Mail-Accounts › der Account: das Passwort; oder Account löschen, dann Account hinzufügen.
    .step-2 = Einstellungen › Allgemein › Softwareupdate.
reset-gmail-app =
    .step-1 = Profilbild › Konten auf diesem Gerät verwalten: das Konto entfernen, neu hinzufügen.
    .step-2 = Play Store: Gmail aktualisieren. Android-Einstellungen › Apps › Gmail › Speicher › Speicherinhalt löschen.
reset-samsung-email =
    .step-1 = Einstellungen › Konten und Sicherung › Konten verwalten › Konto entfernen; in Samsung Email neu hinzufügen.
    .step-2 = Galaxy Store: aktualisieren. Einstellungen › Apps › Samsung Email › Speicher › Daten löschen.

## Issue 22: the server stopped answering this address
-ban-fix-device = Suchen Sie das Gerät, auf dem noch ein altes Passwort steht (Handy, Tablet, alter Laptop oder eine zweite Mail-App), und korrigieren Sie es dort, oder schalten Sie es aus.
-ban-fix-wait = Warten Sie, bis die Sperre abläuft (fail2ban: standardmäßig 10 Minuten; CSF und cPHulk von cPanel oft viel länger), oder bitten Sie Ihren Anbieter, Ihre Adresse zu entsperren.
f-server-ban = { $host } antwortet Ihrer Adresse nicht mehr
    .why = { $host } hat geantwortet, die Anmeldung abgelehnt ({ $said }) und schweigt seitdem auf Port { $ports }. Server sperren eine Adresse nach wiederholt fehlgeschlagenen Anmeldungen (fail2ban, cPHulk, CSF) und verwerfen sie dann wortlos: kein Fehler Ihres Netzes.
    .fix-1 = { -ban-fix-device }
    .fix-2 = { -ban-fix-wait }
    .relay = { $from } antwortet { $host } nicht mehr
    .relay-why = { $host } hat die Anmeldung abgelehnt ({ $said }) und schweigt seitdem auf Port { $ports } gegenüber der Adresse des Relays. { -relay-path }
f-server-ban-host = { $host } antwortet Ihrer Adresse nicht mehr
    .why = Die Ports { $ports } und sogar der Webport 443 von { $host } schweigen, während { $other } antwortet: Ihr Netz lässt Mail durch. Der Server ignoriert Ihre Adresse: meist eine Sperre nach fehlgeschlagenen Anmeldungen eines Geräts mit altem Passwort, oder er ist ausgefallen.
    .fix-1 = { -ban-fix-device }
    .fix-2 = { -ban-fix-wait }
    .fix-3 = Zur Bestätigung: Über die mobilen Daten Ihres Handys (eine andere Adresse) antwortet { $host }.
    .relay = { $from } antwortet { $host } nicht mehr
    .relay-why = Jeder Port von { $host } ({ $ports }, 443) schweigt dem Relay gegenüber, während { $other } antwortet. { -relay-path }
f-ban-or-firewall = Eine Firewall hier oder eine Sperre Ihrer Adresse: nicht zu unterscheiden
    .why = Nichts hat geantwortet: Eine Firewall hier und eine Sperre Ihrer Adresse durch { $host } nach fehlgeschlagenen Anmeldungen sehen gleich aus.
    .fix-1 = Versuchen Sie die mobilen Daten Ihres Handys. Klappt Mail dort, prüfen Sie von hier den Server eines anderen Anbieters: Antwortet er, hat { $host } Ihre Adresse gesperrt.
    .fix-2 = { -ban-fix-wait }
    .relay = { $from } hat nichts geantwortet: eine Firewall dort oder eine Sperre der Adresse des Relays
    .relay-why = Eine Firewall auf dem Weg des Relays und eine Sperre seiner Adresse durch { $host } sehen gleich aus. { -relay-path }

## Issue 22: the clock
-clock-fix = Schalten Sie in den Einstellungen Ihres Geräts „Datum und Uhrzeit automatisch einstellen“ ein und prüfen Sie die Zeitzone; versuchen Sie es dann erneut.
f-clock-wrong = Die Uhr dieses Geräts geht { $n } { $unit ->
        [minutes] Min.
        [hours] Std.
       *[days] Tage
    } { $way ->
        [behind] nach
       *[ahead] vor
    }
    .why = Sie zeigt { $device } UTC; { $by ->
        [relay] das Relay von maildoctor
       *[server] { $server }
    } zeigt { $right } UTC. Mail-Apps prüfen Zertifikate nach dieser Uhr; geht sie falsch, lehnen sie Server ab.
    .fix-1 = { -clock-fix }
f-clock-wrong-cert = Die Uhr dieses Geräts geht { $n } { $unit ->
        [minutes] Min.
        [hours] Std.
       *[days] Tage
    } { $way ->
        [behind] nach
       *[ahead] vor
    }: Mail-Apps lehnen das Zertifikat von { $host } ab
    .why = Sie zeigt { $device } UTC; { $by ->
        [relay] das Relay von maildoctor
       *[server] { $server }
    } zeigt { $right } UTC. Nach dieser Uhr { $problem ->
        [expired] ist das Zertifikat seit { $date } abgelaufen
       *[early] gilt das Zertifikat erst ab { $date }
    }, obwohl es jetzt gültig ist.
    .fix-1 = { -clock-fix }

## Issue 22: old mail apps and the server's TLS
f-tls-floor-old = { $host } nimmt noch { $lowest } an
    .why = Älteste: { $lowest } ({ $old_cipher }); neueste: { $newest } ({ $cipher }). Auch alte Apps verbinden sich: die TLS-Version hält Ihre nicht auf.
f-tls-floor-12 = { $host } verlangt TLS 1.2 oder neuer
    .why = Er lehnte TLS 1.1 ab ({ $newest }: { $cipher }; TLS 1.2: { $old_cipher }). Diese verbinden sich nicht: Outlook unter Windows 7 ohne das Update KB3140245 und seine TLS-1.2-Registrierungseinstellungen, und Apps unter Android vor 5.0, die TLS 1.2 nicht selbst einschalten.
    .fix-1 = Installieren Sie auf so einem Gerät das Update mit seinen Registrierungseinstellungen, oder nehmen Sie ein neueres Gerät oder eine neuere App.
f-tls-floor-13 = { $host } spricht nur TLS 1.3
    .why = Er lehnte TLS 1.2 ab (TLS 1.3: { $cipher }). Windows 10 und älter haben für ihre eigenen Apps kein TLS 1.3, Outlook classic kann sich dort also nicht verbinden; ebenso wenig Android 9 oder älter und iOS vor 12.2.
    .fix-1 = Nehmen Sie Windows 11, Android 10 oder iOS 12.2 oder neuer, oder bitten Sie den Anbieter, auch TLS 1.2 anzunehmen.
ev-tls-versions = TLS?   ältere Versionen bei { $address }: { $list }
ev-tls-version-took = { $version } angenommen ({ $cipher })
ev-tls-version-refused = { $version } abgelehnt
ev-tls-version-silent = { $version } keine Antwort

## Issue 22: slow servers against mail apps' timeouts
f-slow-for-apps = Der Server antwortet für manche Mail-Apps zu langsam
    .why = { $reply ->
        [greeting] Seine Begrüßung
        [capabilities] Seine Liste der Fähigkeiten
       *[login] Seine Antwort auf die Anmeldung
    } kam nach { $seconds } s; { $apps } { $count ->
        [one] gibt
       *[other] geben
    } früher auf. Der Verbindungsaufbau dauerte { $connect } ms, das Warten liegt also am Server, nicht am Netz.
    .fix-1 = { -slow-ask }
    .fix-2 = Richten Sie das Konto bis dahin von Hand ein, statt die App suchen zu lassen, und erhöhen Sie ihr Server-Zeitlimit, falls sie eines hat.
f-slow-reply = Der Server antwortet langsam
    .why = { $reply ->
        [greeting] Seine Begrüßung
        [capabilities] Seine Liste der Fähigkeiten
       *[login] Seine Antwort auf die Anmeldung
    } kam nach { $seconds } s. Outlook und Thunderbird für Android warten 60 s, Thunderbird 100 s; Apple Mail, Gmail und Samsung E-Mail sagen nicht, wie lange sie warten. Der Verbindungsaufbau dauerte { $connect } ms, das Warten liegt also am Server, nicht am Netz.
    .fix-1 = { -slow-ask }
    .fix-2 = Gibt eine App dabei auf, erhöhen Sie ihr Server-Zeitlimit, falls sie eines hat.
-slow-ask = Fragen Sie den Anbieter, warum der Server so langsam antwortet: meist ist er überlastet oder seine Passwortprüfung.
slow-app-thunderbird-setup = die Kontoeinrichtung von Thunderbird ({ $seconds } s)
slow-app-thunderbird-android = Thunderbird für Android ({ $seconds } s)
slow-app-outlook = Outlook ({ $seconds } s)
slow-app-thunderbird = Thunderbird ({ $seconds } s)

## Issue 22: a certificate that changed

f-cert-renewed = { $host } hat seit Ihrer letzten Prüfung ein erneuertes Zertifikat
    .why = Es stammt von derselben Stelle ({ $issuer }) und gilt vom { $from } bis { $until }. Zertifikate werden alle paar Monate erneuert; das ist normal.
    .fix-1 = Falls Sie Ihrer Mail-App von Hand gesagt hatten, dem alten Zertifikat zu vertrauen (eine Sicherheitsausnahme), entfernen Sie diese Ausnahme; das neue braucht keine.
f-cert-another = { $host } zeigte ein anderes Zertifikat derselben Stelle als bei Ihrer letzten Prüfung
    .why = Beide sind von { $issuer } signiert. Anbieter bedienen einen Namen mit mehreren Rechnern, jeder mit eigenem Zertifikat; das ist meist harmlos.
    .fix-1 = Nichts zu tun, außer Ihre Mail-App bittet Sie, einem Zertifikat von Hand zu vertrauen: Vergleichen Sie dann seinen SHA-256-Fingerabdruck mit { $sha256 }.
f-cert-new-issuer = Das Zertifikat von { $host } signiert jetzt jemand anderes
    .why = Bei Ihrer letzten Prüfung war es von { $before_issuer } signiert, jetzt von { $issuer } (gültig ab { $from }). Entweder hat Ihr Anbieter die Zertifizierungsstelle gewechselt, oder etwas auf dem Weg (ein Virenschutz, ein Firmen-Proxy, ein feindliches Netz) signiert die Verbindung neu.
    .fix-1 = Prüfen Sie noch einmal aus einem anderen Netz, etwa über die mobilen Daten eines Telefons: Ist das Zertifikat dort von { $before_issuer } signiert, signiert etwas in diesem Netz Ihre Mail neu.
    .fix-2 = Fragen Sie Ihren Anbieter, ob er um den { $from } die Zertifizierungsstelle gewechselt hat.

## Issue 23: (anchor: APPERR)
f-app-error-read = { $outcome ->
        [found] Die Meldung Ihres Programms ist erklärt: { $cause }
        [other] Die Prüfung fand ein anderes Problem als das, das Ihr Programm meldet
        [passed] Worum es in der Meldung Ihres Programms geht, funktioniert von hier
        [app] Die Meldung Ihres Programms betrifft das Programm selbst
        [checking] Die Meldung Ihres Programms wird gelesen
       *[unproven] Die Meldung Ihres Programms ist noch nicht erklärt
    }
    .why = { $coded ->
        [yes] Outlooks Code { $code } bedeutet:
       *[no] Die Meldung Ihres Programms bedeutet:
    } { $side ->
        [incoming] Beim Posteingangsserver
        [outgoing] Beim Postausgangsserver
        [none] Das Programm hat
       *[either] Beim Mailserver
    } { $trouble ->
        [connect] kam keine Verbindung zustande.
        [timeout] kam rechtzeitig keine Antwort.
        [interrupted] wurde die Verbindung unterbrochen.
        [login] wurden Benutzername oder Passwort abgelehnt.
        [send] wurde eine Nachricht oder die Verbindung zum Senden abgelehnt.
        [unknown-host] wurde der Name nicht gefunden.
        [certificate] wurde das Zertifikat nicht akzeptiert.
        [security] passt die eingestellte Verschlüsselung nicht zum Port.
       *[app-data] ein Problem mit seiner eigenen Datendatei, nicht mit einem Server.
    } { $trouble ->
        [login] Deshalb prüfte maildoctor zuerst die Anmeldung mit Ihrem Benutzernamen und Passwort.
        [send] Deshalb prüfte maildoctor zuerst das Senden: den Port, ob das Netz Port 25 sperrt, und die Anmeldung.
        [unknown-host] Deshalb prüfte maildoctor zuerst den Namen des Servers im DNS.
        [certificate] Deshalb prüfte maildoctor zuerst das Zertifikat und die Uhr Ihres Geräts.
        [security] Deshalb prüfte maildoctor zuerst den Port und seine Verschlüsselung.
        [app-data] Keine Prüfung eines Servers kann es sehen.
       *[other] Deshalb prüfte maildoctor zuerst den Namen des Servers, die Verbindung und die Verschlüsselung.
    } { $outcome ->
        [found] Es fand die Ursache: „{ $cause }“, unten.
        [other] Das fand es nicht, aber „{ $cause }“, unten; beheben Sie das zuerst.
        [passed] All das funktionierte von hier, also deutet die Meldung auf das Programm: das gespeicherte Passwort oder die gespeicherten Einstellungen, oder das Netz, in dem es läuft, falls nicht dieses.
        [checking] Die Prüfung läuft noch.
        [app] Die Meldung betrifft Outlooks Datendatei auf Ihrem Computer.
       *[unproven] Nichts schlug fehl, aber diese Prüfung konnte es nicht beweisen: siehe, was nicht getestet wurde.
    }
    .fix-1 = { $outcome ->
        [found] Tun Sie, was der Befund „{ $cause }“ sagt, und versuchen Sie es dann erneut im Programm.
        [other] Tun Sie, was der Befund „{ $cause }“ sagt, und versuchen Sie es dann erneut im Programm.
        [passed] Vergleichen Sie die Einstellungen in Ihrem Programm mit denen dieser Prüfung, und geben Sie das Passwort im Programm neu ein.
        [app] Öffnen Sie in Outlook Datei, Kontoeinstellungen, Datendateien, und prüfen Sie, ob die Datendatei existiert; Microsofts Posteingang-Reparaturtool (scanpst) kann sie reparieren.
        [checking] Warten Sie, bis die Prüfung fertig ist.
       *[unproven] Prüfen Sie noch einmal mit Ihrem Passwort, damit auch die Anmeldung getestet wird.
    }
page-app-error = Was hat Ihr Mailprogramm gemeldet? (optional)
page-app-error-note = Fügen Sie die Fehlermeldung oder den Code ein, etwa 0x800CCC0E: der Bericht sagt, was sie bedeutet.
f-app-error-unknown = maildoctor kennt die Meldung Ihres Programms nicht
    .why = Keine der Programm-Meldungen, die maildoctor kennt, passt zu Ihrem Text, also rät es nicht, was er bedeutet. Die Prüfungen liefen wie sonst; ihre Befunde stehen unten.
    .fix-1 = Kopieren Sie die ganze Meldung, mit einem Fehlercode wie 0x800CCC0E, und prüfen Sie noch einmal.

## Issue 23: (anchor: ISPDB)
f-ispdb-snapshot = Die Einstellungen für { $domain } stammen aus maildoctors Kopie der ISP-Datenbank von Thunderbird, Stand { $date }
    .why = { $why ->
        [off] Diese Prüfung fragt keine laufende ISP-Datenbank.
        [not-listed] Die laufende ISP-Datenbank führt { $domain } nicht mehr: Der Eintrag wurde vielleicht mit Absicht entfernt.
       *[unreachable] Die laufende ISP-Datenbank war von hier aus nicht erreichbar.
    } Der Eintrag der Kopie ist { $file }; seine Server wurden wie alle anderen geprüft, was funktioniert, ist also belegt, nicht angenommen.
    .fix-1 = Nutzen Sie die Einstellungen, die laut diesem Bericht funktionieren; hat keine funktioniert, fragen Sie Ihren Anbieter nach den aktuellen.
f-ispdb-changed = Die ISP-Datenbank von Thunderbird hat ihren Eintrag für { $domain } seit maildoctors Kopie vom { $date } geändert
    .why = Seitdem hinzugekommen: { $added }. Seitdem entfallen: { $removed }. Geprüft wurden die Server des aktuellen Eintrags.
    .fix-1 = Für Ihre Mail ist nichts zu tun; eine App, die das Konto nach einem älteren Eintrag eingerichtet hat, nutzt vielleicht noch die entfallenen Server.
ispdb-wrong-entry = { $server }: { $disproof ->
        [no-host] den Namen { $host } gibt es nicht
        [closed] Port { $port } ist geschlossen, während der Server auf einem anderen Port antwortet
        [no-tls] der Server antwortet auf Port { $port } unverschlüsselt, „SSL/TLS“ ist dort also falsch
        [tls-only] der Server erwartet auf Port { $port } sofort Verschlüsselung, „STARTTLS“ oder keine ist dort also falsch
        [no-starttls] der Server bietet kein STARTTLS an
       *[other-protocol] auf Port { $port } antwortet eine andere Art Server
    }
f-ispdb-stale = Die ISP-Datenbank von Thunderbird ist für { $domain } veraltet
    .why = Ihr Eintrag ({ $entry }) nennt Server, die nicht wie angegeben funktionieren, von hier aus geprüft: { $wrong }. { $answered ->
        [yes] Wie angegeben antwortete: { $works }.
       *[no] Keiner der Server des Eintrags antwortete wie angegeben.
    } { $copy ->
        [live] Thunderbird und andere Apps, die diese Datenbank lesen, richten Konten danach ein.
       *[other] Das ist maildoctors Kopie vom { $copy }: Die laufende Datenbank wurde vielleicht inzwischen korrigiert.
    }
    .fix-1 = Stellen Sie Ihre App auf die Server ein, die laut diesem Bericht funktionieren, nicht auf die der Datenbank.
    .fix-2 = Melden Sie es der ISP-Datenbank von Thunderbird unter { $report }: nennen Sie { $domain }, den Eintrag und was dieser Bericht fand, damit er für alle korrigiert wird.
page-ispdb-preset = Die ISP-Datenbank von Thunderbird (Kopie vom { $date }) nennt für { $domain }: eingehend { $incoming }, ausgehend { $outgoing }. Noch nicht geprüft.
page-ispdb-fill = Diese Einstellungen übernehmen

## Issue 23: (anchor: AUTODISCOVER)
f-autodiscover-answered = Diese Einstellungen stammen von Autodiscover unter { $url }
    .why = Das Autodiscover der Domain selbst hat im XML-Format von Outlook geantwortet, ohne dass ein Passwort dorthin ging; maildoctor hat die genannten Server danach geprüft.
f-autodiscover-none = Autodiscover von { $domain } hat keine Einstellungen geliefert
    .why = maildoctor hat dort gefragt, wo Outlook fragt, ohne Passwort: { $steps }.
    .fix-1 = Wenn { $domain } Mail-Apps selbst einrichten soll, kann der Administrator Autodiscover unter https://autodiscover.{ $domain }/autodiscover/autodiscover.xml oder eine Autoconfig-Datei veröffentlichen.
f-autodiscover-redirect-refused = Autodiscover-Weiterleitung nicht gefolgt: { $to }
    .why = { $url } verwies auf { $to }. maildoctor ist dem nicht gefolgt: { $why }.
    .fix-1 = { $kind ->
        [public_suffix] Sagen Sie es dem Administrator der Domain: Diesen Namen kann jeder registrieren, und Outlook schickt womöglich das Mail-Passwort dorthin. Die Weiterleitung muss weg.
       *[other] Nichts zu tun, solange Outlook dieses Postfach einrichtet; sonst sollte der Administrator Autodiscover unter einer https://-Adresse innerhalb der Domain antworten lassen.
    }
ad-step-no-address = { $url }: Name unbekannt oder ohne Adresse, mit der sich maildoctor verbinden darf
ad-step-unreachable = { $url }: keine Verbindung oder keine Antwort rechtzeitig
ad-step-tls = { $url }: Die verschlüsselte Verbindung scheiterte oder ihr Zertifikat ist ungültig, daher wurde die Antwort nicht gelesen
ad-step-wants-login = { $url }: verlangt ein Passwort (HTTP { $status }); maildoctor schickt Autodiscover nie eines
ad-step-no-redirect = { $url }: keine Weiterleitung auf eine https://-Adresse (HTTP { $status }), nur danach wird über einfaches HTTP gefragt
ad-step-status = { $url }: dort ist kein Autodiscover (HTTP { $status })
ad-step-not-autodiscover = { $url }: Antwort, aber keine Autodiscover-Einstellungen ({ $detail })
ad-step-redirected = { $url }: Weiterleitung auf { $to }, gefolgt
ad-step-refused = { $url }: Weiterleitung auf { $to }, nicht gefolgt: { $why }
ad-step-settings = { $url }: Einstellungen { $servers }
ad-why-not-https = Es ist keine https://-Adresse, und eine Antwort über einfaches HTTP kann jeder unterwegs ändern
ad-why-not-autodiscover = Es ist keine Autodiscover-Adresse (anderer Pfad oder Port, oder ein Benutzername darin)
ad-why-public-suffix = Diesen Namen kann jeder registrieren (beim Autodiscover-Leck von 2021 gingen Passwörter an solche Namen)
ad-why-other-domain = Sie liegt außerhalb der eigenen Domain der Adresse, und das DNS der Domain nennt sie nicht
ad-why-loop = Sie führt zu einer schon gefragten Stelle zurück
ad-why-too-many-hops = mehr als { $hops } Weiterleitungen hintereinander

## Issue 23: (anchor: HANDOFF)
handoff-no-password = Keine der Dateien enthält Ihr Passwort: Die App fragt danach.
handoff-oauth = Sie haben sich mit dem Konto Ihres Anbieters angemeldet (OAuth), nicht mit einem Passwort: Die Thunderbird-Datei sagt das, und für Apple Mail gibt es keine Datei, denn deren Profile können diese Anmeldung nicht tragen. Fügen Sie das Konto stattdessen in den Einstellungen von Apple Mail hinzu, wo es die Anmeldung Ihres Anbieters anbietet.
handoff-login-untested = Die Anmeldung wurde nicht getestet (kein Passwort angegeben, oder es wurde nicht gesendet): Die Verbindung klappt, aber erst die erste Anmeldung in der App zeigt, ob Benutzername und Passwort stimmen.
handoff-missing = { $side ->
    [incoming] Keine Datei erstellt: Für eingehende Mail (IMAP oder POP3) wurde kein Server nachweislich verschlüsselt erreicht, und eine App braucht beide Richtungen.
   *[outgoing] Keine Datei erstellt: Für ausgehende Mail (SMTP) wurde kein Server nachweislich verschlüsselt erreicht, und eine App braucht beide Richtungen.
}
handoff-saved = { $kind ->
    [mobileconfig] Profil für iPhone, iPad und Mac gespeichert: { $path }
   *[autoconfig] Thunderbird-Autoconfig gespeichert: { $path } (zu veröffentlichen unter { $url })
}
page-handoff-heading = Diese Einstellungen an Ihre App übergeben
page-handoff-mobileconfig = Für iPhone, iPad und Mac
page-handoff-mobileconfig-hint = Öffnen Sie das geladene Profil und installieren Sie es in den Einstellungen (am Mac: Systemeinstellungen, Profile). Es fragt nach Ihrem Passwort.
page-handoff-autoconfig = Thunderbird-Autoconfig
page-handoff-autoconfig-hint = Für die Verwaltung der Domain: Unter { $url } veröffentlicht, richtet Thunderbird jedes Postfach der Domain selbst ein.
page-handoff-qr = Auf dem Telefon öffnen
page-handoff-qr-hint = Mit der Kamera des Telefons scannen: maildoctor öffnet sich dort mit diesen Einstellungen, ohne das Passwort.

## Issue 23: (anchor: OAUTH)
oauth-device-open = Zum Anmelden öffnen Sie { $url } in einem Browser auf einem beliebigen Gerät und geben den Code { $code } ein
oauth-device-open-direct = Oder öffnen Sie diese Adresse, die den Code schon enthält: { $url }
oauth-device-waiting = Warte auf Ihre Anmeldung (der Code gilt { $minutes } Min.)...
oauth-signed-in = Bei { $provider } angemeldet: Die Prüfung meldet sich jetzt mit dem erhaltenen Token an.
oauth-denied = Die Anmeldung bei { $provider } wurde abgelehnt (Sie haben sie abgelehnt, oder das Konto lässt diese App nicht zu). Mit Anmeldung wurde nichts geprüft; versuchen Sie es erneut, oder nutzen Sie --oauth-token-stdin oder die Webseite.
oauth-expired = Der Code ist abgelaufen, bevor die Anmeldung bei { $provider } abgeschlossen war. Starten Sie die Prüfung erneut und geben Sie den neuen Code innerhalb von { $minutes } Min. ein.
oauth-failed = Die Anmeldung bei { $provider } hat nicht geklappt: { $detail }. Mit Anmeldung wurde nichts geprüft.
oauth-no-device-grant = { $provider } erlaubt keine Anmeldung auf einem Gerät ohne Browser; nutzen Sie --oauth-token-stdin oder die Webseite (ein Token aus einer anderen App gehört dort unter „Erweitert“).
oauth-no-client = Für { $provider } ist kein OAuth-Client eingerichtet: Der Betreiber gibt dessen Client-ID mit --oauth-client-id oder MAILDOCTOR_OAUTH_CLIENT_ID an.
oauth-unknown-provider = maildoctor weiß nicht, welcher Anbieter die Anmeldung für { $domain } übernimmt: Nennen Sie ihn mit --oauth-provider (microsoft, google, yahoo, aol, fastmail) oder geben Sie --oauth-device-url und --oauth-token-url an.
oauth-button = Mit { $provider } anmelden
oauth-page-signed-in = Bei { $provider } angemeldet. Das Token bleibt nur in dieser Seite und ist weg, sobald Sie sie schließen.
oauth-page-failed = Die Anmeldung bei { $provider } hat nicht geklappt: { $detail }
