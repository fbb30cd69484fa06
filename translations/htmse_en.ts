<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>htmse::AnswerLinkDialog</name>
    <message numerus="yes">
        <source>Copied. It leaves the clipboard in %n second(s), and when the profile locks.</source>
        <translation>
            <numerusform>Copied. It leaves the clipboard in %n second, and when the profile locks.</numerusform>
            <numerusform>Copied. It leaves the clipboard in %n seconds, and when the profile locks.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::DashboardPage</name>
    <message numerus="yes">
        <source>%n referral(s) created in this period.</source>
        <translation>
            <numerusform>%n referral created in this period.</numerusform>
            <numerusform>%n referrals created in this period.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open referral(s); </source>
        <translation>
            <numerusform>%n open referral; </numerusform>
            <numerusform>%n open referrals; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s) overdue</source>
        <translation>
            <numerusform>%n follow-up overdue</numerusform>
            <numerusform>%n follow-ups overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n due today.</source>
        <translation>
            <numerusform>, %n due today.</numerusform>
            <numerusform>, %n due today.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) refused by the server in this period; </source>
        <translation>
            <numerusform>%n change refused by the server in this period; </numerusform>
            <numerusform>%n changes refused by the server in this period; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to upload.</source>
        <translation>
            <numerusform>%n waiting to upload.</numerusform>
            <numerusform>%n waiting to upload.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::DirectoryPage</name>
    <message numerus="yes">
        <source>%n professional(s) from a directory file</source>
        <translation>
            <numerusform>%n professional from a directory file</numerusform>
            <numerusform>%n professionals from a directory file</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The first %n matches, best first; type more to narrow them.</source>
        <translation>
            <numerusform>The first match; type more to narrow them.</numerusform>
            <numerusform>The first %n matches, best first; type more to narrow them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n match(es), best first</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches, best first</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::ExpertWitnessPage</name>
    <message numerus="yes">
        <source>%n expert witness(es) match, best first.</source>
        <translation>
            <numerusform>%n expert witness matches.</numerusform>
            <numerusform>%n expert witnesses match, best first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n expert(s) written to %1</source>
        <translation>
            <numerusform>%n expert written to %1</numerusform>
            <numerusform>%n experts written to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::FindHelpPage</name>
    <message numerus="yes">
        <source>%n professional(s) match, best first.</source>
        <translation>
            <numerusform>%n professional matches.</numerusform>
            <numerusform>%n professionals match, best first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::IncomingPage</name>
    <message numerus="yes">
        <source>%n referral(s) addressed to you. Choose one, then what you do with it; it is uploaded at the next sync.</source>
        <translation>
            <numerusform>%n referral addressed to you. Choose it, then what you do with it; it is uploaded at the next sync.</numerusform>
            <numerusform>%n referrals addressed to you. Choose one, then what you do with it; it is uploaded at the next sync.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::LearningPage</name>
    <message numerus="yes">
        <source>Course done: all %n lesson(s)</source>
        <translation>
            <numerusform>Course done: the one lesson</numerusform>
            <numerusform>Course done: all %n lessons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Course progress: %1 of %n lesson(s) done</source>
        <translation>
            <numerusform>Course progress: %1 of %n lesson done</numerusform>
            <numerusform>Course progress: %1 of %n lessons done</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::MainWindow</name>
    <message numerus="yes">
        <source>%n professional(s) from the demo directory file; %1 records skipped</source>
        <translation>
            <numerusform>%n professional from the demo directory file; %1 records skipped</numerusform>
            <numerusform>%n professionals from the demo directory file; %1 records skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n professional(s) from the demo directory file</source>
        <translation>
            <numerusform>%n professional from the demo directory file</numerusform>
            <numerusform>%n professionals from the demo directory file</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s) overdue for follow-up</source>
        <translation>
            <numerusform>%n referral overdue for follow-up</numerusform>
            <numerusform>%n referrals overdue for follow-up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n professional(s) in the directory</source>
        <translation>
            <numerusform>%n professional in the directory</numerusform>
            <numerusform>%n professionals in the directory</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n unread</numerusform>
            <numerusform>%n unread</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::MapView</name>
    <message numerus="yes">
        <source>%n at a confidential address, which is never shown on a map</source>
        <translation>
            <numerusform>%n at a confidential address, which is never shown on a map</numerusform>
            <numerusform>%n at confidential addresses, which are never shown on a map</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with no place of service (remote only)</source>
        <translation>
            <numerusform>%n with no place of service (remote only)</numerusform>
            <numerusform>%n with no place of service (remote only)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) not on the map: %1.</source>
        <translation>
            <numerusform>%n result not on the map: %1.</numerusform>
            <numerusform>%n results not on the map: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::MatchEngine</name>
    <message numerus="yes">
        <source>%n more %1</source>
        <translation>
            <numerusform>%n more %1</numerusform>
            <numerusform>%n more %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>verified %n month(s) ago</source>
        <translation>
            <numerusform>verified %n month ago</numerusform>
            <numerusform>verified %n months ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n court or tribunal appearance(s)</source>
        <translation>
            <numerusform>%n court or tribunal appearance</numerusform>
            <numerusform>%n court or tribunal appearances</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::NotificationCenter</name>
    <message numerus="yes">
        <source>%n follow-up(s) due today</source>
        <translation>
            <numerusform>%n follow-up due today</numerusform>
            <numerusform>%n follow-ups due today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s) overdue</source>
        <translation>
            <numerusform>%n follow-up overdue</numerusform>
            <numerusform>%n follow-ups overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s) waiting for your answer</source>
        <translation>
            <numerusform>%n referral waiting for your answer</numerusform>
            <numerusform>%n referrals waiting for your answer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s) could not be uploaded</source>
        <translation>
            <numerusform>%n referral could not be uploaded</numerusform>
            <numerusform>%n referrals could not be uploaded</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::ProfessionalDetailsView</name>
    <message numerus="yes">
        <source> · usually answers within %n day(s)</source>
        <translation>
            <numerusform> · usually answers within %n day</numerusform>
            <numerusform> · usually answers within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n court or tribunal appearance(s)</source>
        <translation>
            <numerusform>%n court or tribunal appearance</numerusform>
            <numerusform>%n court or tribunal appearances</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::PublicationModel</name>
    <message numerus="yes">
        <source>All %n lesson(s) done</source>
        <translation>
            <numerusform>The %n lesson done</numerusform>
            <numerusform>All %n lessons done</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n lesson(s) done</source>
        <translation>
            <numerusform>%1 of %n lesson done</numerusform>
            <numerusform>%1 of %n lessons done</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::ReferralChartsView</name>
    <message numerus="yes">
        <source>%1: %2 days (%n referral(s))</source>
        <translation>
            <numerusform>%1: %2 days (%n referral)</numerusform>
            <numerusform>%1: %2 days (%n referrals)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::ReferralLogView</name>
    <message numerus="yes">
        <source>Erase case %1?

This erases %n referral(s) of this case, with their letters&apos; details, notes, consent records and whole history, from this profile. The server and every other device erase them at the next sync. This cannot be undone.</source>
        <translation>
            <numerusform>Erase case %1?

This erases %n referral of this case, with its letter&apos;s details, notes, consent records and whole history, from this profile. The server and every other device erase it at the next sync. This cannot be undone.</numerusform>
            <numerusform>Erase case %1?

This erases %n referrals of this case, with their letters&apos; details, notes, consent records and whole history, from this profile. The server and every other device erase them at the next sync. This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s) erased.</source>
        <translation>
            <numerusform>%n referral erased.</numerusform>
            <numerusform>%n referrals erased.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n referral(s) exported to %1.</source>
        <translation>
            <numerusform>%n referral exported to %1.</numerusform>
            <numerusform>%n referrals exported to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer link(s) revoked: they no longer open anything.</source>
        <translation>
            <numerusform>%n answer link revoked: it no longer opens anything.</numerusform>
            <numerusform>%n answer links revoked: they no longer open anything.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>htmse::SyncPage</name>
    <message numerus="yes">
        <source>%n change(s) uploaded</source>
        <translation>
            <numerusform>%n change uploaded</numerusform>
            <numerusform>%n changes uploaded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n referral update(s) received</source>
        <translation>
            <numerusform>%n referral update received</numerusform>
            <numerusform>%n referral updates received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n directory profile(s) received</source>
        <translation>
            <numerusform>%n directory profile received</numerusform>
            <numerusform>%n directory profiles received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n news or resource item(s)</source>
        <translation>
            <numerusform>%n news or resource item</numerusform>
            <numerusform>%n news or resource items</numerusform>
        </translation>
    </message>
</context>
</TS>
