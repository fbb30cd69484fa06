// ReferralWizard: a new referral from "needs + language + place" to a recorded, consented
// referral, by keyboard alone if the person likes: case, needs, languages and place, consent, the
// UK statutory route, the recipient from ranked matches (or someone outside the directory), the
// letter, and Finish — recorded through the workspace, with the duplicate guard's warning.
#pragma once

#include "domain/ReferralEvent.h"
#include "matching/MatchQuery.h"

#include <QPointer>
#include <QWizard>

namespace htmse {

class ProfileWorkspace;
class ReferralCasePage;
class ReferralConfirmPage;
class ReferralConsentPage;
class ReferralNeedsPage;
class ReferralPersonPage;
class ReferralRecipientPage;
class ReferralStatutoryPage;

class ReferralWizard : public QWizard
{
    Q_OBJECT

public:
    enum Page
    {
        CasePage,
        NeedsPage,
        PersonPage,
        ConsentPage,
        StatutoryPage,
        RecipientPage,
        ConfirmPage,
    };

    // The wizard lets go of the workspace, empties itself and closes when the workspace closes.
    // Once it closes (recorded or cancelled) its pages are emptied; it can be shown again.
    ReferralWizard(ProfileWorkspace& workspace, QWidget* parent);
    ~ReferralWizard() override;

    // Starts from a search: its needs, languages, interpreter and place, an optional recipient
    // (selected among the matches when it is one) and kind (a Vocabulary::ReferralKind code).
    void prefill(const MatchQuery& query, const QUuid& recipient = {}, const QString& kind = {});
    // What the pages hold, as the referral that Finish records.
    ReferralDetails details() const;

signals:
    void referralRecorded(const QUuid& id);
    // After referralRecorded(), when the person chose a one-time answer link for a recipient
    // outside the directory (the referral is then marked sent).
    void answerLinkRequested(const QUuid& id);

protected:
    void initializePage(int id) override;
    bool validateCurrentPage() override;
    void done(int result) override;

private:
    MatchQuery matchQuery() const;
    QString letterHtml(const ReferralDetails& details) const;
    QString duplicatesText(const ReferralDetails& details) const;
    bool record();
    void workspaceClosing();
    void clearPages();
    void updateConsentRule();

    QPointer<ProfileWorkspace> m_workspace;
    MatchQuery m_base; // the search the wizard started from (expert-witness fields and the like)
    ReferralCasePage* m_case;
    ReferralNeedsPage* m_needs;
    ReferralPersonPage* m_person;
    ReferralConsentPage* m_consent;
    ReferralStatutoryPage* m_statutory;
    ReferralRecipientPage* m_recipient;
    ReferralConfirmPage* m_confirm;
};

} // namespace htmse
