// ReferralRecipientPage: who receives the referral — one of the ranked matches for the needs,
// languages and place entered (with the score and the engine's "why"), or someone outside the
// directory, written in.
#pragma once

#include "matching/MatchQuery.h"

#include <QWizardPage>

#include <functional>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QListView;
class QRadioButton;

namespace htmse {

class MatchResultsModel;
class ProfileWorkspace;

class ReferralRecipientPage : public QWizardPage
{
    Q_OBJECT

public:
    // `query` builds the match from what the earlier pages hold.
    ReferralRecipientPage(std::function<MatchQuery()> query, QWidget* parent = nullptr);

    void setWorkspace(ProfileWorkspace* workspace); // null empties the page
    void setPreferredRecipient(const QUuid& id);    // selected when it is among the matches
    void initializePage() override;
    bool isComplete() const override;
    QUuid recipientId() const;         // null when external
    QString externalRecipient() const; // empty when from the directory
    QString recipientName() const;     // for the letter
    MatchResultsModel* model() const { return m_model; }
    void clearAll();

private:
    void showWhy();

    std::function<MatchQuery()> m_query;
    MatchResultsModel* m_model;
    QRadioButton* m_fromDirectory;
    QRadioButton* m_external;
    QListView* m_results;
    QLabel* m_why;
    QLabel* m_relaxations;
    QLineEdit* m_externalName;
    QUuid m_preferred;
};

} // namespace htmse
