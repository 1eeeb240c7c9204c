<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>ActivityDetails</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Select a row to see how it was verified.</source>
        <translation>Wählen Sie eine Zeile, um zu sehen, wie sie geprüft wurde.</translation>
    </message>
    <message>
        <source>Run commitment</source>
        <translation>Lauf-Commitment</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Sampled steps</source>
        <translation>Stichprobenschritte</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Belege</translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Audits</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Streitfälle</translation>
    </message>
    <message>
        <source>Show kind</source>
        <translation>Art anzeigen</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle Zustände</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Verified or won</source>
        <translation>Bestätigt oder gewonnen</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>Angefochten</translation>
    </message>
    <message>
        <source>Lost or slashed</source>
        <translation>Verloren oder gekürzt</translation>
    </message>
    <message>
        <source>Show state</source>
        <translation>Zustand anzeigen</translation>
    </message>
    <message>
        <source>Task or game</source>
        <translation>Aufgabe oder Spiel</translation>
    </message>
    <message>
        <source>Search by task or game</source>
        <translation>Nach Aufgabe oder Spiel suchen</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Neueste zuerst</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>Älteste zuerst</translation>
    </message>
    <message>
        <source>By task</source>
        <translation>Nach Aufgabe</translation>
    </message>
    <message>
        <source>By state</source>
        <translation>Nach Zustand</translation>
    </message>
    <message>
        <source>Most credits</source>
        <translation>Meiste Credits</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>Sortieren</translation>
    </message>
    <message>
        <source>Tasks, audits and disputes</source>
        <translation>Aufgaben, Prüfungen und Streitfälle</translation>
    </message>
    <message>
        <source>%1 %2, %3, %4</source>
        <translation>%1 %2, %3, %4</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No tasks, audits or disputes yet.</source>
        <translation>Noch keine Aufgaben, Prüfungen oder Streitfälle.</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Back up the wallet</source>
        <translation>Wallet sichern</translation>
    </message>
    <message>
        <source>IdleForge wallet backups (*.ifbackup)</source>
        <translation>IdleForge-Wallet-Sicherungen (*.ifbackup)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Write the backup to %1? A file already there is replaced.</source>
        <translation>Sicherung nach %1 schreiben? Eine vorhandene Datei wird ersetzt.</translation>
    </message>
    <message>
        <source>The file is encrypted with the password you choose here. Keep the file and the password apart; without the password the file is useless, to you too.</source>
        <translation>Die Datei wird mit dem Passwort verschlüsselt, das Sie hier wählen. Bewahren Sie Datei und Passwort getrennt auf; ohne das Passwort ist die Datei nutzlos, auch für Sie.</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>Sicherungsdatei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Password for the file</source>
        <translation>Passwort für die Datei</translation>
    </message>
    <message>
        <source>The same password again</source>
        <translation>Dasselbe Passwort noch einmal</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Write the backup</source>
        <translation>Sicherung schreiben</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>BenchmarkPage</name>
    <message>
        <source>Hardware</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <source>Run benchmark again</source>
        <translation>Benchmark erneut ausführen</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>Benchmark-Fortschritt</translation>
    </message>
    <message>
        <source>Compute (fp32 matrix multiply)</source>
        <translation>Rechenleistung (fp32-Matrixmultiplikation)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Memory bandwidth</source>
        <translation>Speicherbandbreite</translation>
    </message>
    <message>
        <source>Benchmark figures</source>
        <translation>Benchmark-Werte</translation>
    </message>
    <message>
        <source>%1% %2</source>
        <translation>%1 % %2</translation>
    </message>
    <message>
        <source>peak unknown</source>
        <translation>Spitzenwert unbekannt</translation>
    </message>
</context>
<context>
    <name>CreateWalletDialog</name>
    <message>
        <source>Your recovery phrase</source>
        <translation>Ihre Wiederherstellungsphrase</translation>
    </message>
    <message>
        <source>Check your recovery phrase</source>
        <translation>Wiederherstellungsphrase prüfen</translation>
    </message>
    <message numerus="yes">
        <source>Write these %n words down on paper, in order, and keep them offline. They are the only way to recover the wallet; anyone who has them has your funds. They are not shown again.</source>
        <translation>
            <numerusform>Schreiben Sie dieses %n Wort der Reihe nach auf Papier und bewahren Sie es offline auf. Es ist der einzige Weg, die Wallet wiederherzustellen; wer es hat, hat Ihr Guthaben. Es wird nicht noch einmal angezeigt.</numerusform>
            <numerusform>Schreiben Sie diese %n Wörter der Reihe nach auf Papier und bewahren Sie sie offline auf. Sie sind der einzige Weg, die Wallet wiederherzustellen; wer sie hat, hat Ihr Guthaben. Sie werden nicht noch einmal angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Type these words of your phrase to show it was written down correctly.</source>
        <translation>Geben Sie diese Wörter Ihrer Phrase ein, um zu zeigen, dass sie richtig notiert wurde.</translation>
    </message>
    <message>
        <source>Word %1</source>
        <translation>Wort %1</translation>
    </message>
    <message>
        <source>Word %1 of the recovery phrase</source>
        <translation>Wort %1 der Wiederherstellungsphrase</translation>
    </message>
    <message>
        <source>I have written them down</source>
        <translation>Ich habe sie aufgeschrieben</translation>
    </message>
    <message>
        <source>Create the wallet</source>
        <translation>Wallet erstellen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>CreditsText</name>
    <message>
        <source>%1 credits</source>
        <translation>%1 Credits</translation>
    </message>
</context>
<context>
    <name>EarningsPage</name>
    <message>
        <source>Earnings</source>
        <translation>Einnahmen</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>Insgesamt</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Stake</source>
        <translation>Einsatz</translation>
    </message>
    <message>
        <source>Earnings by day, last 30 days</source>
        <translation>Einnahmen pro Tag, letzte 30 Tage</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Credits</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Belege</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Export the receipts as CSV</source>
        <translation>Belege als CSV exportieren</translation>
    </message>
    <message>
        <source>%1 %2 credits, %3, %4</source>
        <translation>%1 %2 Credits, %3, %4</translation>
    </message>
    <message>
        <source>No receipts yet.</source>
        <translation>Noch keine Belege.</translation>
    </message>
    <message>
        <source>Export receipts</source>
        <translation>Belege exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
</context>
<context>
    <name>HardwarePage</name>
    <message>
        <source>Hardware</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <source>Run benchmark again</source>
        <translation>Benchmark erneut ausführen</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>Benchmark-Fortschritt</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <source>temperature not reported</source>
        <translation>Temperatur nicht gemeldet</translation>
    </message>
    <message>
        <source>utilisation not reported</source>
        <translation>Auslastung nicht gemeldet</translation>
    </message>
    <message>
        <source>Benchmark</source>
        <translation>Benchmark</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>noch nicht gemessen</translation>
    </message>
    <message>
        <source>Share of the peak</source>
        <translation>Anteil am Spitzenwert</translation>
    </message>
    <message>
        <source>%1% %2</source>
        <translation>%1 % %2</translation>
    </message>
    <message>
        <source>peak unknown</source>
        <translation>Spitzenwert unbekannt</translation>
    </message>
</context>
<context>
    <name>ImportWalletDialog</name>
    <message>
        <source>Import this wallet?</source>
        <translation>Diese Wallet importieren?</translation>
    </message>
    <message>
        <source>Import a recovery phrase</source>
        <translation>Wiederherstellungsphrase importieren</translation>
    </message>
    <message>
        <source>Type the 12 or 24 words of your recovery phrase, separated by spaces.</source>
        <translation>Geben Sie die 12 oder 24 Wörter Ihrer Wiederherstellungsphrase ein, durch Leerzeichen getrennt.</translation>
    </message>
    <message>
        <source>Recovery phrase</source>
        <translation>Wiederherstellungsphrase</translation>
    </message>
    <message numerus="yes">
        <source>The phrase checks out (%n words).</source>
        <translation>
            <numerusform>Die Phrase ist gültig (%n Wort).</numerusform>
            <numerusform>Die Phrase ist gültig (%n Wörter).</numerusform>
        </translation>
    </message>
    <message>
        <source>Use %1 instead</source>
        <translation>Stattdessen %1 verwenden</translation>
    </message>
    <message>
        <source>Passphrase (only if you set one; most people did not)</source>
        <translation>Passphrase (nur falls Sie eine gesetzt haben; die meisten haben das nicht)</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message numerus="yes">
        <source>The wallet of these %n words will be stored in the system keychain and receive the payouts.</source>
        <translation>
            <numerusform>Die Wallet dieses %n Worts wird im Schlüsselbund des Systems gespeichert und erhält die Auszahlungen.</numerusform>
            <numerusform>Die Wallet dieser %n Wörter wird im Schlüsselbund des Systems gespeichert und erhält die Auszahlungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Logs</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Lowest level shown</source>
        <translation>Niedrigste angezeigte Stufe</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info und höher</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>In die Zwischenablage kopieren</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) copied</source>
        <translation>
            <numerusform>%n Zeile kopiert</numerusform>
            <numerusform>%n Zeilen kopiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing logged at this level yet.</source>
        <translation>Auf dieser Stufe wurde noch nichts protokolliert.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>IdleForge</source>
        <translation>IdleForge</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Earnings</source>
        <translation>Einnahmen</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Wallet</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
</context>
<context>
    <name>Onboarding</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>IdleForge trains machine-learning models for the network while you are away from your PC, proves the work, and pays you for it. This guide sets up a wallet for the payouts, measures your hardware and asks when IdleForge may work. It takes two minutes.</source>
        <translation>IdleForge trainiert Modelle für maschinelles Lernen für das Netzwerk, während Sie nicht am PC sind, weist die Arbeit nach und wird dafür bezahlt. Diese Anleitung richtet eine Wallet für die Auszahlungen ein, misst Ihre Hardware und fragt, wann IdleForge arbeiten darf. Das dauert zwei Minuten.</translation>
    </message>
    <message>
        <source>Payouts go to %1.</source>
        <translation>Auszahlungen gehen an %1.</translation>
    </message>
    <message>
        <source>Payouts go to a wallet whose keys stay in your system keychain. Create a new one, or import the recovery phrase of one you have.</source>
        <translation>Auszahlungen gehen an eine Wallet, deren Schlüssel im Schlüsselbund Ihres Systems bleiben. Erstellen Sie eine neue oder importieren Sie die Wiederherstellungsphrase einer vorhandenen.</translation>
    </message>
    <message>
        <source>Create a wallet</source>
        <translation>Wallet erstellen</translation>
    </message>
    <message>
        <source>Import a recovery phrase</source>
        <translation>Wiederherstellungsphrase importieren</translation>
    </message>
    <message>
        <source>IdleForge measures what this PC can compute, so the network offers it tasks that fit.</source>
        <translation>IdleForge misst, was dieser PC berechnen kann, damit das Netzwerk ihm passende Aufgaben anbietet.</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>Benchmark-Fortschritt</translation>
    </message>
    <message>
        <source>Measure now</source>
        <translation>Jetzt messen</translation>
    </message>
    <message>
        <source>IdleForge works only while you are away, and stops the moment you touch the mouse or the keyboard or start a game.</source>
        <translation>IdleForge arbeitet nur, während Sie weg sind, und hört in dem Moment auf, in dem Sie Maus oder Tastatur berühren oder ein Spiel starten.</translation>
    </message>
    <message>
        <source>Start after this many idle minutes</source>
        <translation>Nach so vielen Leerlaufminuten starten</translation>
    </message>
    <message>
        <source>Idle minutes before work starts</source>
        <translation>Leerlaufminuten, bevor die Arbeit beginnt</translation>
    </message>
    <message>
        <source>Also work while on battery</source>
        <translation>Auch im Akkubetrieb arbeiten</translation>
    </message>
    <message>
        <source>IdleForge can start with your desktop, minimized to the tray, so idle time is never missed.</source>
        <translation>IdleForge kann mit Ihrem Desktop starten, minimiert im Infobereich, damit keine Leerlaufzeit verloren geht.</translation>
    </message>
    <message>
        <source>Start IdleForge when I log in</source>
        <translation>IdleForge bei der Anmeldung starten</translation>
    </message>
    <message>
        <source>All set. IdleForge waits in the tray and starts working when you are away. The dashboard shows what it earns and how its work was verified.</source>
        <translation>Alles bereit. IdleForge wartet im Infobereich und beginnt zu arbeiten, wenn Sie weg sind. Das Dashboard zeigt, was es verdient und wie seine Arbeit geprüft wurde.</translation>
    </message>
    <message>
        <source>Skip the guide</source>
        <translation>Anleitung überspringen</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Open the dashboard</source>
        <translation>Dashboard öffnen</translation>
    </message>
    <message>
        <source>Skip this step</source>
        <translation>Diesen Schritt überspringen</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>Insgesamt</translation>
    </message>
    <message>
        <source>Rate (7-day average)</source>
        <translation>Rate (7-Tage-Schnitt)</translation>
    </message>
    <message>
        <source>Stake</source>
        <translation>Einsatz</translation>
    </message>
    <message>
        <source>Current task</source>
        <translation>Aktuelle Aufgabe</translation>
    </message>
    <message>
        <source>No task right now</source>
        <translation>Gerade keine Aufgabe</translation>
    </message>
    <message>
        <source>Task progress</source>
        <translation>Aufgabenfortschritt</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Letzte Ereignisse</translation>
    </message>
    <message>
        <source>Nothing yet: events appear here once the node works for the network.</source>
        <translation>Noch nichts: Ereignisse erscheinen hier, sobald der Knoten für das Netzwerk arbeitet.</translation>
    </message>
</context>
<context>
    <name>PolicyEngine</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Paused in the settings (mode: paused)</source>
        <translation>In den Einstellungen pausiert (Modus: pausiert)</translation>
    </message>
    <message>
        <source>Paused until you resume</source>
        <translation>Pausiert, bis Sie fortsetzen</translation>
    </message>
    <message>
        <source>Paused by you until %1</source>
        <translation>Von Ihnen pausiert bis %1</translation>
    </message>
    <message>
        <source>A game just ended; resuming in %1</source>
        <translation>Ein Spiel wurde gerade beendet; weiter in %1</translation>
    </message>
    <message>
        <source>Game running: %1</source>
        <translation>Spiel läuft: %1</translation>
    </message>
    <message>
        <source>An exclusive app just ended; resuming in %1</source>
        <translation>Ein exklusives Programm wurde gerade beendet; weiter in %1</translation>
    </message>
    <message>
        <source>%1 is running (exclusive apps)</source>
        <translation>%1 läuft (exklusive Programme)</translation>
    </message>
    <message>
        <source>On battery power</source>
        <translation>Im Akkubetrieb</translation>
    </message>
    <message>
        <source>Outside the schedule (%1)</source>
        <translation>Außerhalb des Zeitplans (%1)</translation>
    </message>
    <message>
        <source>%1 at %2 °C (limit %3 °C; resumes below %4 °C)</source>
        <translation>%1 bei %2 °C (Grenze %3 °C; weiter unter %4 °C)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>A fullscreen window is open</source>
        <translation>Ein Vollbildfenster ist offen</translation>
    </message>
    <message>
        <source>Media playing: %1</source>
        <translation>Medienwiedergabe: %1</translation>
    </message>
    <message>
        <source>Cannot tell when you are away (no idle-time source); set mode to always to compute anyway</source>
        <translation>Nicht erkennbar, wann Sie weg sind (keine Leerlaufquelle); stellen Sie den Modus auf „immer“, um trotzdem zu rechnen</translation>
    </message>
    <message>
        <source>Waiting for %1 without input (%2 so far)</source>
        <translation>Warte auf %1 ohne Eingabe (bisher %2)</translation>
    </message>
    <message>
        <source>Other programs use %1 % of the CPU (limit %2 %)</source>
        <translation>Andere Programme nutzen %1 % der CPU (Grenze %2 %)</translation>
    </message>
    <message>
        <source>Another program is using the GPU</source>
        <translation>Ein anderes Programm nutzt die GPU</translation>
    </message>
    <message>
        <source>The GPU was just in use; resuming in %1</source>
        <translation>Die GPU war gerade in Gebrauch; weiter in %1</translation>
    </message>
</context>
<context>
    <name>ReceiptText</name>
    <message>
        <source>Reward</source>
        <translation>Belohnung</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Gebühr</translation>
    </message>
    <message>
        <source>Stake</source>
        <translation>Einsatz</translation>
    </message>
    <message>
        <source>Slash</source>
        <translation>Kürzung</translation>
    </message>
    <message>
        <source>Payout</source>
        <translation>Auszahlung</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>Aus einer Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Restore this wallet?</source>
        <translation>Diese Wallet wiederherstellen?</translation>
    </message>
    <message>
        <source>IdleForge wallet backups (*.ifbackup)</source>
        <translation>IdleForge-Wallet-Sicherungen (*.ifbackup)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>Sicherungsdatei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Password of the file</source>
        <translation>Passwort der Datei</translation>
    </message>
    <message>
        <source>The backup holds the wallet %1. Store it in the system keychain and receive the payouts there?</source>
        <translation>Die Sicherung enthält die Wallet %1. Im Schlüsselbund des Systems speichern und die Auszahlungen dorthin erhalten?</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Reset %1 to its default (%2)</source>
        <translation>%1 auf den Standard zurücksetzen (%2)</translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation>Jede Stunde</translation>
    </message>
    <message>
        <source>Evenings and weekends</source>
        <translation>Abends und am Wochenende</translation>
    </message>
</context>
<context>
    <name>WalletPage</name>
    <message>
        <source>Wallet</source>
        <translation>Wallet</translation>
    </message>
    <message>
        <source>Replace this wallet?</source>
        <translation>Diese Wallet ersetzen?</translation>
    </message>
    <message>
        <source>The wallet %1 will be replaced. Without its recovery phrase or a backup, what it holds is lost. Back it up first if you have not.</source>
        <translation>Die Wallet %1 wird ersetzt. Ohne ihre Wiederherstellungsphrase oder eine Sicherung ist ihr Inhalt verloren. Sichern Sie sie zuerst, falls noch nicht geschehen.</translation>
    </message>
    <message>
        <source>Replace it</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>No payout wallet yet. Create one, or bring the one you have with its recovery phrase or a backup file.</source>
        <translation>Noch keine Auszahlungs-Wallet. Erstellen Sie eine oder bringen Sie Ihre vorhandene mit ihrer Wiederherstellungsphrase oder einer Sicherungsdatei mit.</translation>
    </message>
    <message>
        <source>QR code of the payout address</source>
        <translation>QR-Code der Auszahlungsadresse</translation>
    </message>
    <message>
        <source>Payout address</source>
        <translation>Auszahlungsadresse</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the payout address</source>
        <translation>Auszahlungsadresse kopieren</translation>
    </message>
    <message>
        <source>Derivation path %1</source>
        <translation>Ableitungspfad %1</translation>
    </message>
    <message>
        <source>Node ID %1</source>
        <translation>Knoten-ID %1</translation>
    </message>
    <message>
        <source>Create a new wallet</source>
        <translation>Neue Wallet erstellen</translation>
    </message>
    <message>
        <source>Create a wallet</source>
        <translation>Wallet erstellen</translation>
    </message>
    <message>
        <source>Import a recovery phrase</source>
        <translation>Wiederherstellungsphrase importieren</translation>
    </message>
    <message>
        <source>Back up to a file</source>
        <translation>In eine Datei sichern</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Aus einer Sicherung wiederherstellen</translation>
    </message>
</context>
<context>
    <name>idleforge::node::NodeService</name>
    <message>
        <source>Looking at your hardware…</source>
        <translation>Hardware wird erkannt…</translation>
    </message>
    <message>
        <source>Starting the benchmark…</source>
        <translation>Benchmark wird gestartet…</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Measuring your hardware</source>
        <translation>Hardware wird gemessen</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>idleforge::node::PolicyDriver</name>
    <message>
        <source>Looking at what the machine is doing</source>
        <translation>Prüfe, was der Rechner gerade tut</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Arbeitet</translation>
    </message>
</context>
<context>
    <name>idleforge::policy</name>
    <message>
        <source>schedule entry &apos;%1&apos;: %2</source>
        <translation>Zeitplaneintrag „%1“: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a day (mon..sun), a range like mon-fri, or daily</source>
        <translation>„%1“ ist kein Tag (mon..sun), kein Bereich wie mon-fri und nicht daily</translation>
    </message>
    <message>
        <source>expected DAYS START-END, e.g. mon-fri 18-8</source>
        <translation>erwartet TAGE START-ENDE, z. B. mon-fri 18-8</translation>
    </message>
    <message>
        <source>hours are 0-24, start before or after end but not equal to it</source>
        <translation>Stunden sind 0-24, Start vor oder nach dem Ende, aber nicht gleich</translation>
    </message>
</context>
<context>
    <name>idleforge::settings</name>
    <message>
        <source>%1 = &apos;%2&apos;: %3</source>
        <translation>%1 = „%2“: %3</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>keine Zahl</translation>
    </message>
    <message>
        <source>not a whole number</source>
        <translation>keine ganze Zahl</translation>
    </message>
    <message>
        <source>out of range %1..%2</source>
        <translation>außerhalb des Bereichs %1..%2</translation>
    </message>
    <message>
        <source>no setting named &apos;%1&apos; (idleforgectl config list shows them)</source>
        <translation>keine Einstellung namens „%1“ (idleforgectl config list zeigt sie)</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>erwartet true oder false</translation>
    </message>
    <message>
        <source>expected one of %1</source>
        <translation>erwartet eines von %1</translation>
    </message>
    <message>
        <source>resume_temp_c (%1) must be below max_temp_c (%2)</source>
        <translation>resume_temp_c (%1) muss unter max_temp_c (%2) liegen</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a process name (no paths; names are separated by commas)</source>
        <translation>„%1“ ist kein Prozessname (keine Pfade; Namen werden durch Kommas getrennt)</translation>
    </message>
    <message>
        <source>expected ws://host:port or wss://host:port</source>
        <translation>erwartet ws://host:port oder wss://host:port</translation>
    </message>
    <message>
        <source>expected the coordinator&apos;s Ed25519 public key in base58 (32 bytes)</source>
        <translation>erwartet den öffentlichen Ed25519-Schlüssel des Koordinators in Base58 (32 Byte)</translation>
    </message>
    <message>
        <source>When to compute</source>
        <translation>Wann gerechnet wird</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>When to compute: auto (only while you are away and nothing else needs the machine), always (a dedicated machine: ignores input, fullscreen and media; the default of --headless), paused.</source>
        <translation>Wann gerechnet wird: auto (nur, während Sie weg sind und nichts anderes den Rechner braucht), always (ein eigener Rechner: ignoriert Eingaben, Vollbild und Medien; der Standard von --headless), paused (pausiert).</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Minutes without keyboard or mouse input before work starts (fractions allowed).</source>
        <translation>Minuten ohne Tastatur- oder Mauseingabe, bevor die Arbeit beginnt (Bruchteile erlaubt).</translation>
    </message>
    <message>
        <source>Idle time (minutes)</source>
        <translation>Leerlaufzeit (Minuten)</translation>
    </message>
    <message>
        <source>Programs that pause all work while they run, by process name, separated by commas.</source>
        <translation>Programme, die jede Arbeit pausieren, solange sie laufen, nach Prozessname, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Exclusive programs</source>
        <translation>Exklusive Programme</translation>
    </message>
    <message>
        <source>Pause CPU work while other programs use more than this share of the CPU (percent, over 10 s).</source>
        <translation>CPU-Arbeit pausieren, solange andere Programme mehr als diesen Anteil der CPU nutzen (Prozent, über 10 s).</translation>
    </message>
    <message>
        <source>Other programs&apos; CPU use (%)</source>
        <translation>CPU-Nutzung anderer Programme (%)</translation>
    </message>
    <message>
        <source>Pause work on a CPU or GPU hotter than this (degrees Celsius).</source>
        <translation>Arbeit auf einer CPU oder GPU pausieren, die heißer ist als dies (Grad Celsius).</translation>
    </message>
    <message>
        <source>Pause above (°C)</source>
        <translation>Pausieren über (°C)</translation>
    </message>
    <message>
        <source>Resume once it has cooled below this (degrees Celsius; below the pause temperature).</source>
        <translation>Fortsetzen, sobald sie unter diesen Wert abgekühlt ist (Grad Celsius; unter der Pausentemperatur).</translation>
    </message>
    <message>
        <source>Resume below (°C)</source>
        <translation>Fortsetzen unter (°C)</translation>
    </message>
    <message>
        <source>Compute while the machine runs on battery.</source>
        <translation>Rechnen, während der Rechner im Akkubetrieb läuft.</translation>
    </message>
    <message>
        <source>Run on battery</source>
        <translation>Im Akkubetrieb laufen</translation>
    </message>
    <message>
        <source>The hours work may run, e.g. &apos;mon-fri 18-8; sat,sun 0-24&apos; (always: every hour).</source>
        <translation>Die Stunden, in denen gearbeitet werden darf, z. B. „mon-fri 18-8; sat,sun 0-24“ (always: jede Stunde).</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Say when work starts after idle, when it pauses for a game, when a task is verified and paid, when an audit of your work fails, when a dispute is won or lost and when stake is slashed.</source>
        <translation>Melden, wenn die Arbeit nach dem Leerlauf beginnt, wenn sie für ein Spiel pausiert, wenn eine Aufgabe bestätigt und bezahlt wird, wenn eine Prüfung Ihrer Arbeit fehlschlägt, wenn ein Streitfall gewonnen oder verloren wird und wenn Einsatz gekürzt wird.</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Start IdleForge minimized in the tray at login.</source>
        <translation>IdleForge bei der Anmeldung minimiert im Infobereich starten.</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Bei der Anmeldung starten</translation>
    </message>
    <message>
        <source>The language of the dashboard and the tray (system: the desktop&apos;s language).</source>
        <translation>Die Sprache des Dashboards und des Infobereichs (system: die Sprache des Desktops).</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The coordinator to provide to, ws://host:port or wss://host:port; empty: stay offline. --coordinator and --devnet take precedence. Takes effect at the next start.</source>
        <translation>Der Koordinator, für den gearbeitet wird, ws://host:port oder wss://host:port; leer: offline bleiben. --coordinator und --devnet haben Vorrang. Wirkt beim nächsten Start.</translation>
    </message>
    <message>
        <source>Coordinator address</source>
        <translation>Koordinatoradresse</translation>
    </message>
    <message>
        <source>The coordinator&apos;s public key (base58), pinned: receipts are checked against it. --coordinator-key takes precedence. Takes effect at the next start.</source>
        <translation>Der öffentliche Schlüssel des Koordinators (Base58), fest hinterlegt: Belege werden damit geprüft. --coordinator-key hat Vorrang. Wirkt beim nächsten Start.</translation>
    </message>
    <message>
        <source>Coordinator key</source>
        <translation>Koordinatorschlüssel</translation>
    </message>
    <message>
        <source>How far the first-run guide got (100: done; it is not shown again).</source>
        <translation>Wie weit die Ersteinrichtung gekommen ist (100: fertig; sie wird nicht erneut gezeigt).</translation>
    </message>
    <message>
        <source>First-run guide</source>
        <translation>Ersteinrichtung</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::ActivityModel</name>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>Festgeschrieben</translation>
    </message>
    <message>
        <source>Audited</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>Angefochten</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Gewonnen</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Verloren</translation>
    </message>
    <message>
        <source>Slashed</source>
        <translation>Gekürzt</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>Streitfall</translation>
    </message>
    <message>
        <source>solver</source>
        <translation>Löser</translation>
    </message>
    <message>
        <source>auditor</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>%1 %2 (as %3)</source>
        <translation>%1 %2 (als %3)</translation>
    </message>
    <message>
        <source>%1 %2 of %3 (as %4)</source>
        <translation>%1 %2 von %3 (als %4)</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n Schritt</numerusform>
            <numerusform>%n Schritte</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Step %1: does not match</source>
        <translation>Schritt %1: stimmt nicht überein</translation>
    </message>
    <message>
        <source>%1 %2 credits (%3), receipt %4</source>
        <translation>%1 %2 Credits (%3), Beleg %4</translation>
    </message>
    <message>
        <source>the solver</source>
        <translation>den Löser</translation>
    </message>
    <message>
        <source>the auditor</source>
        <translation>den Prüfer</translation>
    </message>
    <message>
        <source>neither side</source>
        <translation>keine Seite</translation>
    </message>
    <message>
        <source>The referee ruled for %1.</source>
        <translation>Der Schiedsrichter entschied für %1.</translation>
    </message>
    <message>
        <source>Step %1, node %2: operator %3 (%4).</source>
        <translation>Schritt %1, Knoten %2: Operator %3 (%4).</translation>
    </message>
    <message numerus="yes">
        <source>%n sampled step(s) match: %1</source>
        <translation>
            <numerusform>%n geprüfter Schritt stimmt: %1</numerusform>
            <numerusform>%n geprüfte Schritte stimmen: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::EarningsModel</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s): %1</source>
        <translation>
            <numerusform>Letzter %n Tag: %1</numerusform>
            <numerusform>Letzte %n Tage: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the receipts to %1</source>
        <translation>Belege in %1 gespeichert</translation>
    </message>
    <message>
        <source>Could not save the receipts: %1</source>
        <translation>Belege konnten nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::HardwareModel</name>
    <message>
        <source>Matrix multiply (%1)</source>
        <translation>Matrixmultiplikation (%1)</translation>
    </message>
    <message>
        <source>Memory bandwidth</source>
        <translation>Speicherbandbreite</translation>
    </message>
    <message>
        <source>Host to device copy</source>
        <translation>Kopie vom Host zum Gerät</translation>
    </message>
    <message>
        <source>Training step (fast)</source>
        <translation>Trainingsschritt (schnell)</translation>
    </message>
    <message>
        <source>Training step (reproducible)</source>
        <translation>Trainingsschritt (reproduzierbar)</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1, %2, %3 MHz, %4 RAM</source>
        <extracomment>%1: &quot;8 cores&quot;, %2: &quot;16 threads&quot;, %3: the base clock, %4: &quot;31.2 GiB&quot;</extracomment>
        <translation>%1, %2, %3 MHz, %4 RAM</translation>
    </message>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation>
            <numerusform>%n Kern</numerusform>
            <numerusform>%n Kerne</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n Thread</numerusform>
            <numerusform>%n Threads</numerusform>
        </translation>
    </message>
    <message>
        <source>compute capability %1, %2 SMs, %3 VRAM</source>
        <translation>Compute Capability %1, %2 SMs, %3 VRAM</translation>
    </message>
    <message>
        <source>, %1 °C</source>
        <translation>, %1 °C</translation>
    </message>
    <message>
        <source>of %1 %2 peak</source>
        <translation>von %1 %2 Spitzenwert</translation>
    </message>
    <message>
        <source>first measurement</source>
        <translation>erste Messung</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier run(s), from %1 to %2 %3</source>
        <translation>
            <numerusform>%n früherer Lauf, von %1 bis %2 %3</numerusform>
            <numerusform>%n frühere Läufe, von %1 bis %2 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <extracomment>a benchmark stage on a device: &quot;Memory bandwidth on AMD Ryzen 7 5800X&quot;</extracomment>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>%1, Vulkan driver %2, %3</source>
        <extracomment>a Vulkan device: %1 vendor, %2 driver, %3 &quot;2.0 GiB&quot;</extracomment>
        <translation>%1, Vulkan-Treiber %2, %3</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::HardwarePageModel</name>
    <message>
        <source>Measured %1 (stored; measured again after 30 days or a hardware change)</source>
        <translation>Gemessen %1 (gespeichert; erneut gemessen nach 30 Tagen oder einer Hardwareänderung)</translation>
    </message>
    <message>
        <source>Measured %1</source>
        <translation>Gemessen %1</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::LogModel</name>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::NetworkModel</name>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>registering</source>
        <translation>meldet sich an</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>connected, task leased</source>
        <translation>verbunden, Aufgabe übernommen</translation>
    </message>
    <message>
        <source>training</source>
        <translation>trainiert</translation>
    </message>
    <message>
        <source>re-running for a dispute</source>
        <translation>wiederholt für einen Streitfall</translation>
    </message>
    <message>
        <source>Network: %1</source>
        <translation>Netzwerk: %1</translation>
    </message>
    <message>
        <source> - %1 %2, step %3 of %4</source>
        <translation> – %1 %2, Schritt %3 von %4</translation>
    </message>
    <message>
        <source> - paused: not enough disk space for a new task</source>
        <translation> – pausiert: nicht genug Speicherplatz für eine neue Aufgabe</translation>
    </message>
    <message numerus="yes">
        <source>Balance %1 credits, stake %2 (%n receipt(s) this session)</source>
        <translation>
            <numerusform>Guthaben %1 Credits, Einsatz %2 (%n Beleg in dieser Sitzung)</numerusform>
            <numerusform>Guthaben %1 Credits, Einsatz %2 (%n Belege in dieser Sitzung)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::OnboardingModel</name>
    <message>
        <source>Welcome to IdleForge</source>
        <translation>Willkommen bei IdleForge</translation>
    </message>
    <message>
        <source>Your payout wallet</source>
        <translation>Ihre Auszahlungs-Wallet</translation>
    </message>
    <message>
        <source>Measuring this PC</source>
        <translation>Dieser PC wird gemessen</translation>
    </message>
    <message>
        <source>When to work</source>
        <translation>Wann gearbeitet wird</translation>
    </message>
    <message>
        <source>Start with your PC</source>
        <translation>Mit dem PC starten</translation>
    </message>
    <message>
        <source>All set</source>
        <translation>Alles bereit</translation>
    </message>
    <message>
        <source>%1: %2 GFLOP/s</source>
        <translation>%1: %2 GFLOP/s</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::OverviewModel</name>
    <message>
        <source>Measured %1 (stored; re-measured after 30 days or a hardware change)</source>
        <translation>Gemessen %1 (gespeichert; neu gemessen nach 30 Tagen oder einer Hardwareänderung)</translation>
    </message>
    <message>
        <source>Measured %1</source>
        <translation>Gemessen %1</translation>
    </message>
    <message>
        <source>%1 GFLOP/s</source>
        <translation>%1 GFLOP/s</translation>
    </message>
    <message>
        <source>%1% of the theoretical peak</source>
        <translation>%1 % des theoretischen Spitzenwerts</translation>
    </message>
    <message>
        <source>%1 GB/s</source>
        <translation>%1 GB/s</translation>
    </message>
    <message>
        <source>%1, %2, %3 GiB RAM, %4</source>
        <extracomment>%1: &quot;8 cores&quot;, %2: &quot;16 threads&quot;, %3: the memory in GiB, %4: the CPU&apos;s instruction sets</extracomment>
        <translation>%1, %2, %3 GiB RAM, %4</translation>
    </message>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation>
            <numerusform>%n Kern</numerusform>
            <numerusform>%n Kerne</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n Thread</numerusform>
            <numerusform>%n Threads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::RewardNotifier</name>
    <message>
        <source>Task verified and paid</source>
        <translation>Aufgabe bestätigt und bezahlt</translation>
    </message>
    <message>
        <source>%1 earned %2 credits.</source>
        <translation>%1 hat %2 Credits eingebracht.</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) verified and paid: %1 credits.</source>
        <translation>
            <numerusform>%n Aufgabe bestätigt und bezahlt: %1 Credits.</numerusform>
            <numerusform>%n Aufgaben bestätigt und bezahlt: %1 Credits.</numerusform>
        </translation>
    </message>
    <message>
        <source>An audit of your work failed</source>
        <translation>Eine Prüfung Ihrer Arbeit ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 goes to a dispute; the referee will decide.</source>
        <translation>%1 geht in einen Streitfall; der Schiedsrichter entscheidet.</translation>
    </message>
    <message numerus="yes">
        <source>%n audit(s) of your work failed; disputes follow.</source>
        <translation>
            <numerusform>%n Prüfung Ihrer Arbeit fehlgeschlagen; ein Streitfall folgt.</numerusform>
            <numerusform>%n Prüfungen Ihrer Arbeit fehlgeschlagen; Streitfälle folgen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dispute won</source>
        <translation>Streitfall gewonnen</translation>
    </message>
    <message>
        <source>The referee ruled for you on %1.</source>
        <translation>Der Schiedsrichter entschied bei %1 für Sie.</translation>
    </message>
    <message numerus="yes">
        <source>You won %n dispute(s).</source>
        <translation>
            <numerusform>Sie haben %n Streitfall gewonnen.</numerusform>
            <numerusform>Sie haben %n Streitfälle gewonnen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dispute lost</source>
        <translation>Streitfall verloren</translation>
    </message>
    <message>
        <source>The referee ruled against you on %1.</source>
        <translation>Der Schiedsrichter entschied bei %1 gegen Sie.</translation>
    </message>
    <message numerus="yes">
        <source>You lost %n dispute(s).</source>
        <translation>
            <numerusform>Sie haben %n Streitfall verloren.</numerusform>
            <numerusform>Sie haben %n Streitfälle verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stake slashed</source>
        <translation>Einsatz gekürzt</translation>
    </message>
    <message>
        <source>%1 credits of your stake were slashed.</source>
        <translation>%1 Credits Ihres Einsatzes wurden gekürzt.</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::SensorModel</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>%1% busy</source>
        <translation>%1 % ausgelastet</translation>
    </message>
    <message>
        <source>%1 of %2 GiB</source>
        <translation>%1 von %2 GiB</translation>
    </message>
    <message>
        <source>%1 W</source>
        <translation>%1 W</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::SettingsModel</name>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>While I am away</source>
        <translation>Während ich weg bin</translation>
    </message>
    <message>
        <source>Always (dedicated machine)</source>
        <translation>Immer (eigener Rechner)</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::StatusModel</name>
    <message>
        <source>Working for the network</source>
        <translation>Arbeitet für das Netzwerk</translation>
    </message>
    <message>
        <source>Waiting until you are away</source>
        <translation>Wartet, bis Sie weg sind</translation>
    </message>
    <message>
        <source>Paused by you</source>
        <translation>Von Ihnen pausiert</translation>
    </message>
    <message>
        <source>Paused for your game</source>
        <translation>Pausiert für Ihr Spiel</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Re-running task %1 for a dispute</source>
        <translation>Aufgabe %1 wird für einen Streitfall wiederholt</translation>
    </message>
    <message>
        <source>Training task %1</source>
        <translation>Trainiert Aufgabe %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Token/s</translation>
    </message>
    <message>
        <source>About %1 left</source>
        <translation>Noch etwa %1</translation>
    </message>
    <message>
        <source>Measuring the speed</source>
        <translation>Geschwindigkeit wird gemessen</translation>
    </message>
    <message>
        <source>%1 credits/day</source>
        <translation>%1 Credits/Tag</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2 of %3</source>
        <translation>%1 %2 von %3</translation>
    </message>
    <message>
        <source>%1  %2: %3</source>
        <translation>%1  %2: %3</translation>
    </message>
    <message>
        <source>, net %1</source>
        <translation>, netto %1</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::TrayController</name>
    <message>
        <source>Working for the network</source>
        <translation>Arbeitet für das Netzwerk</translation>
    </message>
    <message>
        <source>Waiting until you are away</source>
        <translation>Wartet, bis Sie weg sind</translation>
    </message>
    <message>
        <source>Paused for your game</source>
        <translation>Pausiert für Ihr Spiel</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Pause for 1 hour</source>
        <translation>1 Stunde pausieren</translation>
    </message>
    <message>
        <source>Pause until resumed</source>
        <translation>Pausieren bis zum Fortsetzen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Open dashboard</source>
        <translation>Dashboard öffnen</translation>
    </message>
    <message>
        <source>Quit IdleForge</source>
        <translation>IdleForge beenden</translation>
    </message>
    <message>
        <source>IdleForge is working</source>
        <translation>IdleForge arbeitet</translation>
    </message>
    <message>
        <source>Your PC is idle, so it trains for the network. Touch the mouse or keyboard and it stops.</source>
        <translation>Ihr PC ist im Leerlauf und trainiert daher für das Netzwerk. Berühren Sie Maus oder Tastatur, und es hört auf.</translation>
    </message>
    <message>
        <source>IdleForge: %1</source>
        <translation>IdleForge: %1</translation>
    </message>
    <message>
        <source>%1: %2 GFLOP/s</source>
        <translation>%1: %2 GFLOP/s</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::WalletModel</name>
    <message>
        <source>Kept in the system keychain</source>
        <translation>Im Schlüsselbund des Systems aufbewahrt</translation>
    </message>
    <message>
        <source>Kept in %1</source>
        <translation>Aufbewahrt in %1</translation>
    </message>
    <message>
        <source>Address copied</source>
        <translation>Adresse kopiert</translation>
    </message>
    <message>
        <source>Word %1 does not match. Check what you wrote down.</source>
        <translation>Wort %1 stimmt nicht. Prüfen Sie, was Sie aufgeschrieben haben.</translation>
    </message>
    <message>
        <source>Storing the wallet in the keychain…</source>
        <translation>Wallet wird im Schlüsselbund gespeichert…</translation>
    </message>
    <message>
        <source>Wallet %1 stored. The node pays to it from its next start.</source>
        <translation>Wallet %1 gespeichert. Der Knoten zahlt ab seinem nächsten Start dorthin.</translation>
    </message>
    <message>
        <source>Choose where to write the backup.</source>
        <translation>Wählen Sie, wohin die Sicherung geschrieben wird.</translation>
    </message>
    <message numerus="yes">
        <source>The backup password needs at least %n characters.</source>
        <translation>
            <numerusform>Das Sicherungspasswort braucht mindestens %n Zeichen.</numerusform>
            <numerusform>Das Sicherungspasswort braucht mindestens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter unterscheiden sich.</translation>
    </message>
    <message>
        <source>Encrypting the backup…</source>
        <translation>Sicherung wird verschlüsselt…</translation>
    </message>
    <message>
        <source>Backup written to %1. Keep the file and its password apart.</source>
        <translation>Sicherung nach %1 geschrieben. Bewahren Sie Datei und Passwort getrennt auf.</translation>
    </message>
    <message>
        <source>Choose the backup file and type its password.</source>
        <translation>Wählen Sie die Sicherungsdatei und geben Sie ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Opening the backup…</source>
        <translation>Sicherung wird geöffnet…</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::WalletTasks</name>
    <message>
        <source>%1 already holds a payout wallet; back it up and confirm that it may be replaced</source>
        <translation>%1 enthält bereits eine Auszahlungs-Wallet; sichern Sie sie und bestätigen Sie, dass sie ersetzt werden darf</translation>
    </message>
    <message>
        <source>the stored node identity is not a 32-byte seed</source>
        <translation>die gespeicherte Knotenidentität ist kein 32-Byte-Seed</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>%1 kann nicht ersetzt werden</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1 is not a file</source>
        <translation>%1 ist keine Datei</translation>
    </message>
    <message>
        <source>%1 holds no payout wallet</source>
        <translation>%1 enthält keine Auszahlungs-Wallet</translation>
    </message>
</context>
</TS>
