<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CreateWalletDialog</name>
    <message numerus="yes">
        <source>Write these %n words down on paper, in order, and keep them offline. They are the only way to recover the wallet; anyone who has them has your funds. They are not shown again.</source>
        <translation>
            <numerusform>Write this %n word down on paper and keep it offline. It is the only way to recover the wallet; anyone who has it has your funds. It is not shown again.</numerusform>
            <numerusform>Write these %n words down on paper, in order, and keep them offline. They are the only way to recover the wallet; anyone who has them has your funds. They are not shown again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportWalletDialog</name>
    <message numerus="yes">
        <source>The phrase checks out (%n words).</source>
        <translation>
            <numerusform>The phrase checks out (%n word).</numerusform>
            <numerusform>The phrase checks out (%n words).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The wallet of these %n words will be stored in the system keychain and receive the payouts.</source>
        <translation>
            <numerusform>The wallet of this %n word will be stored in the system keychain and receive the payouts.</numerusform>
            <numerusform>The wallet of these %n words will be stored in the system keychain and receive the payouts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message numerus="yes">
        <source>%n line(s) copied</source>
        <translation>
            <numerusform>%n line copied</numerusform>
            <numerusform>%n lines copied</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::ActivityModel</name>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n step</numerusform>
            <numerusform>%n steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sampled step(s) match: %1</source>
        <translation>
            <numerusform>%n sampled step matches: %1</numerusform>
            <numerusform>%n sampled steps match: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::EarningsModel</name>
    <message numerus="yes">
        <source>Last %n day(s): %1</source>
        <translation>
            <numerusform>Last %n day: %1</numerusform>
            <numerusform>Last %n days: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::HardwareModel</name>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation>
            <numerusform>%n core</numerusform>
            <numerusform>%n cores</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n thread</numerusform>
            <numerusform>%n threads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier run(s), from %1 to %2 %3</source>
        <translation>
            <numerusform>%n earlier run, from %1 to %2 %3</numerusform>
            <numerusform>%n earlier runs, from %1 to %2 %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::NetworkModel</name>
    <message numerus="yes">
        <source>Balance %1 credits, stake %2 (%n receipt(s) this session)</source>
        <translation>
            <numerusform>Balance %1 credits, stake %2 (%n receipt this session)</numerusform>
            <numerusform>Balance %1 credits, stake %2 (%n receipts this session)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::OverviewModel</name>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation>
            <numerusform>%n core</numerusform>
            <numerusform>%n cores</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n thread</numerusform>
            <numerusform>%n threads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::RewardNotifier</name>
    <message numerus="yes">
        <source>%n task(s) verified and paid: %1 credits.</source>
        <translation>
            <numerusform>%n task verified and paid: %1 credits.</numerusform>
            <numerusform>%n tasks verified and paid: %1 credits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n audit(s) of your work failed; disputes follow.</source>
        <translation>
            <numerusform>%n audit of your work failed; a dispute follows.</numerusform>
            <numerusform>%n audits of your work failed; disputes follow.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You won %n dispute(s).</source>
        <translation>
            <numerusform>You won %n dispute.</numerusform>
            <numerusform>You won %n disputes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You lost %n dispute(s).</source>
        <translation>
            <numerusform>You lost %n dispute.</numerusform>
            <numerusform>You lost %n disputes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::StatusModel</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::WalletModel</name>
    <message numerus="yes">
        <source>The backup password needs at least %n characters.</source>
        <translation>
            <numerusform>The backup password needs at least %n character.</numerusform>
            <numerusform>The backup password needs at least %n characters.</numerusform>
        </translation>
    </message>
</context>
</TS>
