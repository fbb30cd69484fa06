#include "views/listing/MyListingPage.h"

#include "domain/Professional.h"
#include "session/ProfileWorkspace.h"
#include "session/SyncController.h"
#include "storage/DirectoryStore.h"
#include "taxonomy/Languages.h"
#include "views/findhelp/NeedsTree.h"
#include "views/referrals/ReferralWizardWidgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {

QTableWidget* table(const QStringList& headers, const QString& name, const QString& accessibleName, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setAccessibleName(accessibleName);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setMinimumHeight(t->fontMetrics().height() * 7);
    // Typing into a chosen cell edits it, as in a spreadsheet.
    t->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                       QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    return t;
}

QPushButton* button(const QString& text, const QString& name, const QString& accessibleName, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessibleName);
    return b;
}

QString cellText(const QTableWidget* t, int row, int column)
{
    const QTableWidgetItem* item = t->item(row, column);
    return item ? item->text().trimmed() : QString();
}

// An ISO 639 code of any part, or a language's English name; else the text as typed (the
// validator then says what is wrong with it).
QString languageCode(const QString& text)
{
    const Languages& languages = Languages::instance();
    if (const auto code = languages.canonical(text))
        return *code;
    for (const Languages::Entry& e : languages.entries())
        if (languages.englishName(e.code).compare(text, Qt::CaseInsensitive) == 0)
            return e.code;
    return text;
}

// "languages[1].code" → 1; -1 when the path names no row.
int rowOf(const QString& path)
{
    static const QRegularExpression index(u"^\\w+\\[(\\d+)\\]"_s);
    const auto m = index.match(path);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

void showProblems(QLabel* label, const QStringList& lines)
{
    label->setText(lines.join(u'\n'));
    label->setVisible(!lines.isEmpty());
}

} // namespace

MyListingPage::MyListingPage(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_review(new QLabel(this))
    , m_needs(new NeedsTree(this))
    , m_needsError(referralui::messageLabel(u"listingNeedsError"_s, this))
    , m_languages(table({tr("Language"), tr("Proficiency")}, u"listingLanguages"_s, tr("Languages you work in"), this))
    , m_languagesError(referralui::messageLabel(u"listingLanguagesError"_s, this))
    , m_places(
          table({tr("City"), tr("Region"), tr("Country code")}, u"listingPlaces"_s, tr("Places you work in"), this))
    , m_placesError(referralui::messageLabel(u"listingPlacesError"_s, this))
    , m_responseDays(new QSpinBox(this))
    , m_hoursNote(new QLineEdit(this))
    , m_availabilityError(referralui::messageLabel(u"listingAvailabilityError"_s, this))
    , m_free(new QCheckBox(tr("Free of charge"), this))
    , m_legalAid(new QCheckBox(tr("Legal aid"), this))
    , m_proBono(new QCheckBox(tr("Pro bono"), this))
    , m_feeBasis(referralui::vocabularyCombo(Vocabulary::FeeBasis, tr("Fee basis"), this, tr("Not stated")))
    , m_feeNote(new QLineEdit(this))
    , m_feesError(referralui::messageLabel(u"listingFeesError"_s, this))
    , m_accepting(new QCheckBox(tr("Accepting referrals"), this))
    , m_submit(button(tr("Submit for review"), u"listingSubmit"_s, tr("Submit the listing for review"), this))
    , m_check(button(tr("Check review state"), u"listingCheck"_s, tr("Check the review state of your edit"), this))
    , m_message(new QLabel(this))
{
    setObjectName(u"myListingPage"_s);
    m_summary->setObjectName(u"listingSummary"_s);
    m_summary->setWordWrap(true);
    m_review->setObjectName(u"listingReview"_s);
    m_review->setWordWrap(true);
    m_review->setTextFormat(Qt::PlainText);
    m_needs->setObjectName(u"listingNeeds"_s);
    m_needs->setAccessibleName(tr("Your expertise"));
    m_responseDays->setObjectName(u"listingResponseDays"_s);
    m_responseDays->setAccessibleName(tr("Typical days to answer a referral"));
    m_responseDays->setRange(-1, 400); // the validator allows 0..365; more is refused beside the field
    m_responseDays->setSpecialValueText(tr("Not stated"));
    m_responseDays->setValue(-1);
    m_hoursNote->setObjectName(u"listingHoursNote"_s);
    m_hoursNote->setAccessibleName(tr("Opening hours, in words"));
    m_free->setObjectName(u"listingFree"_s);
    m_free->setAccessibleName(tr("Free of charge"));
    m_legalAid->setObjectName(u"listingLegalAid"_s);
    m_legalAid->setAccessibleName(tr("Legal aid"));
    m_proBono->setObjectName(u"listingProBono"_s);
    m_proBono->setAccessibleName(tr("Pro bono"));
    m_feeBasis->setObjectName(u"listingFeeBasis"_s);
    m_feeNote->setObjectName(u"listingFeeNote"_s);
    m_feeNote->setAccessibleName(tr("About your fees"));
    m_accepting->setObjectName(u"listingAccepting"_s);
    m_accepting->setAccessibleName(tr("Accepting referrals"));
    m_message->setObjectName(u"listingMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    for (QLabel* error : {m_needsError, m_languagesError, m_placesError, m_availabilityError, m_feesError})
        error->setAccessibleName(tr("Problem"));

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_submit);
    actions->addWidget(m_check);
    actions->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_review);
    layout->addWidget(buildForm(), 1);
    layout->addLayout(actions);
    layout->addWidget(m_message);

    const auto changed = [this] {
        if (!m_filling)
            validate();
    };
    connect(m_needs, &NeedsTree::needsChanged, this, changed);
    connect(m_languages, &QTableWidget::itemChanged, this, changed);
    connect(m_places, &QTableWidget::itemChanged, this, changed);
    connect(m_responseDays, &QSpinBox::valueChanged, this, changed);
    connect(m_hoursNote, &QLineEdit::textChanged, this, changed);
    connect(m_feeNote, &QLineEdit::textChanged, this, changed);
    connect(m_submit, &QPushButton::clicked, this, &MyListingPage::submit);
    connect(m_check, &QPushButton::clicked, this, &MyListingPage::check);
    reload();
}

// The fields in their groups, each with its message beside it, in a scroll area.
QWidget* MyListingPage::buildForm()
{
    auto* addLanguage = button(tr("Add language"), u"listingAddLanguage"_s, tr("Add a language"), this);
    auto* removeLanguage =
        button(tr("Remove language"), u"listingRemoveLanguage"_s, tr("Remove the chosen language"), this);
    auto* addPlace = button(tr("Add place"), u"listingAddPlace"_s, tr("Add a place"), this);
    auto* removePlace = button(tr("Remove place"), u"listingRemovePlace"_s, tr("Remove the chosen place"), this);

    auto* expertise = new QGroupBox(tr("Expertise"), this);
    auto* expertiseLayout = new QVBoxLayout(expertise);
    expertiseLayout->addWidget(m_needs);
    expertiseLayout->addWidget(m_needsError);

    auto* languages = new QGroupBox(tr("Languages"), this);
    auto* languagesLayout = new QVBoxLayout(languages);
    languagesLayout->addWidget(m_languages);
    auto* languageButtons = new QHBoxLayout;
    languageButtons->addWidget(addLanguage);
    languageButtons->addWidget(removeLanguage);
    languageButtons->addStretch(1);
    languagesLayout->addLayout(languageButtons);
    languagesLayout->addWidget(m_languagesError);

    auto* places = new QGroupBox(tr("Places"), this);
    auto* placesLayout = new QVBoxLayout(places);
    placesLayout->addWidget(m_places);
    auto* placeButtons = new QHBoxLayout;
    placeButtons->addWidget(addPlace);
    placeButtons->addWidget(removePlace);
    placeButtons->addStretch(1);
    placesLayout->addLayout(placeButtons);
    placesLayout->addWidget(m_placesError);

    auto* availability = new QGroupBox(tr("Availability"), this);
    auto* availabilityLayout = new QFormLayout(availability);
    availabilityLayout->addRow(tr("Typical days to answer:"), m_responseDays);
    availabilityLayout->addRow(tr("Opening hours:"), m_hoursNote);
    availabilityLayout->addRow(m_accepting);
    availabilityLayout->addRow(m_availabilityError);

    auto* fees = new QGroupBox(tr("Fees"), this);
    auto* feesLayout = new QFormLayout(fees);
    auto* feeChecks = new QHBoxLayout;
    feeChecks->addWidget(m_free);
    feeChecks->addWidget(m_legalAid);
    feeChecks->addWidget(m_proBono);
    feeChecks->addStretch(1);
    feesLayout->addRow(feeChecks);
    feesLayout->addRow(tr("Fee basis:"), m_feeBasis);
    feesLayout->addRow(tr("About your fees:"), m_feeNote);
    feesLayout->addRow(m_feesError);

    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(expertise, 1);
    auto* right = new QVBoxLayout;
    right->addWidget(languages);
    right->addWidget(places);
    right->addWidget(availability);
    right->addWidget(fees);
    right->addStretch(1);
    columns->addLayout(left, 2);
    columns->addLayout(right, 3);
    auto* form = new QWidget(this);
    form->setLayout(columns);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(form);
    scroll->setAccessibleName(tr("Your listing"));

    connect(addLanguage, &QPushButton::clicked, this, [this] {
        addLanguageRow({}, {});
        m_languages->setCurrentCell(m_languages->rowCount() - 1, 0);
        m_languages->editItem(m_languages->item(m_languages->rowCount() - 1, 0));
    });
    connect(removeLanguage, &QPushButton::clicked, this, [this] {
        if (m_languages->currentRow() >= 0)
            m_languages->removeRow(m_languages->currentRow());
        validate();
    });
    connect(addPlace, &QPushButton::clicked, this, [this] {
        addPlaceRow({}, {}, {});
        m_places->setCurrentCell(m_places->rowCount() - 1, 0);
        m_places->editItem(m_places->item(m_places->rowCount() - 1, 0));
    });
    connect(removePlace, &QPushButton::clicked, this, [this] {
        if (m_places->currentRow() >= 0)
            m_places->removeRow(m_places->currentRow());
        validate();
    });
    return scroll;
}

void MyListingPage::setController(SyncController* controller, ProfileWorkspace* workspace)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    m_workspace = workspace;
    m_message->clear();
    m_review->clear();
    if (controller) {
        connect(controller, &SyncController::listingDone, this, &MyListingPage::showResult);
        // The first run after unlock tells which profile the account is linked to.
        connect(controller, &SyncController::finished, this, [this] {
            if (m_base.isEmpty())
                reload();
            setBusy(false);
        });
    }
    reload();
}

void MyListingPage::reload()
{
    m_base = {};
    const QUuid self = m_controller ? m_controller->professionalId() : QUuid();
    std::optional<Professional> mine;
    if (m_workspace && m_workspace->isOpen() && !self.isNull())
        mine = m_workspace->directory().professional(self);
    if (mine) {
        m_base = mine->toJson();
        fill(*mine);
        m_summary->setText(tr("Your listing as the directory shows it: %1. Change what is no longer true and submit "
                              "it; a directory editor reviews each edit before it is shown.")
                               .arg(mine->displayName));
    } else {
        fill(Professional{});
        if (!m_workspace || !m_workspace->isOpen())
            m_summary->setText(tr("Unlock a profile to see your listing."));
        else if (m_controller && m_controller->accountKnown() && self.isNull())
            m_summary->setText(tr("Your account (%1) is not linked to a professional in the directory: My listing is "
                                  "for professionals who list themselves.")
                                   .arg(m_controller->user()));
        else if (!self.isNull())
            m_summary->setText(tr("Your listing has not reached this device yet; sync once to bring it."));
        else
            m_summary->setText(tr("Sign in with a professional's account (Sync) to edit your listing."));
    }
    const bool editable = !m_base.isEmpty();
    for (QWidget* w : findChildren<QWidget*>())
        if (w != m_summary && w != m_review && w != m_message && w != m_check && !qobject_cast<QLabel*>(w))
            w->setEnabled(editable);
    m_check->setEnabled(m_controller != nullptr);
    if (editable)
        validate();
}

void MyListingPage::fill(const Professional& p)
{
    m_filling = true;
    m_needs->setCheckedCodes(p.services);
    m_languages->setRowCount(0);
    for (const LanguageSkill& l : p.languages)
        addLanguageRow(l.code, l.proficiency);
    m_places->setRowCount(0);
    for (const ServiceLocation& l : p.locations)
        addPlaceRow(l.city, l.region, l.country);
    m_responseDays->setValue(p.capacity.typicalResponseDays.value_or(-1));
    m_hoursNote->setText(p.openingHoursNote);
    m_free->setChecked(p.cost.free);
    m_legalAid->setChecked(p.cost.legalAid);
    m_proBono->setChecked(p.cost.proBono);
    referralui::selectCode(m_feeBasis, p.cost.feeBasis);
    m_feeNote->setText(p.cost.note);
    m_accepting->setChecked(p.capacity.acceptingReferrals);
    m_filling = false;
    for (QLabel* error : {m_needsError, m_languagesError, m_placesError, m_availabilityError, m_feesError})
        showProblems(error, {});
}

void MyListingPage::addLanguageRow(const QString& code, const QString& proficiency)
{
    const bool filling = std::exchange(m_filling, true);
    const int row = m_languages->rowCount();
    m_languages->insertRow(row);
    const QString name = code.isEmpty() ? QString() : Languages::instance().englishName(code);
    m_languages->setItem(row, 0, new QTableWidgetItem(name.isEmpty() ? code : name));
    auto* level = referralui::vocabularyCombo(Vocabulary::Proficiency, tr("Proficiency in this language"), m_languages,
                                              tr("Not stated"));
    referralui::selectCode(level, proficiency);
    m_languages->setCellWidget(row, 1, level);
    m_filling = filling;
}

void MyListingPage::addPlaceRow(const QString& city, const QString& region, const QString& country)
{
    const bool filling = std::exchange(m_filling, true);
    const int row = m_places->rowCount();
    m_places->insertRow(row);
    m_places->setItem(row, 0, new QTableWidgetItem(city));
    m_places->setItem(row, 1, new QTableWidgetItem(region));
    m_places->setItem(row, 2, new QTableWidgetItem(country));
    m_filling = filling;
}

QJsonObject MyListingPage::currentListing(ValidationProblems& problems) const
{
    QJsonObject o = m_base;
    o.insert(u"services"_s, QJsonArray::fromStringList(m_needs->checkedCodes()));
    QJsonArray languages;
    for (int r = 0; r < m_languages->rowCount(); ++r) {
        QJsonObject l{{u"code"_s, languageCode(cellText(m_languages, r, 0))}};
        if (const auto* level = qobject_cast<QComboBox*>(m_languages->cellWidget(r, 1));
            level && !referralui::currentCode(level).isEmpty())
            l.insert(u"proficiency"_s, referralui::currentCode(level));
        languages.append(l);
    }
    o.insert(u"languages"_s, languages);
    // A place keeps its coordinates and details while its city and country stay as they were.
    const QJsonArray before = m_base.value(u"locations"_s).toArray();
    QJsonArray places;
    for (int r = 0; r < m_places->rowCount(); ++r) {
        QJsonObject l;
        for (const QJsonValue& v : before)
            if (v[u"city"_s].toString() == cellText(m_places, r, 0) &&
                v[u"country"_s].toString() == cellText(m_places, r, 2))
                l = v.toObject();
        const auto put = [&l](const QString& key, const QString& value) {
            if (value.isEmpty())
                l.remove(key);
            else
                l.insert(key, value);
        };
        put(u"city"_s, cellText(m_places, r, 0));
        put(u"region"_s, cellText(m_places, r, 1));
        l.insert(u"country"_s, cellText(m_places, r, 2).toUpper());
        places.append(l);
    }
    o.insert(u"locations"_s, places);
    QJsonObject capacity{{u"accepting_referrals"_s, m_accepting->isChecked()}};
    if (m_responseDays->value() >= 0)
        capacity.insert(u"typical_response_days"_s, m_responseDays->value());
    o.insert(u"capacity"_s, capacity);
    if (m_hoursNote->text().trimmed().isEmpty())
        o.remove(u"opening_hours_note"_s);
    else
        o.insert(u"opening_hours_note"_s, m_hoursNote->text().trimmed());
    QJsonObject cost{{u"free"_s, m_free->isChecked()},
                     {u"legal_aid"_s, m_legalAid->isChecked()},
                     {u"pro_bono"_s, m_proBono->isChecked()}};
    if (!referralui::currentCode(m_feeBasis).isEmpty())
        cost.insert(u"fee_basis"_s, referralui::currentCode(m_feeBasis));
    if (!m_feeNote->text().trimmed().isEmpty())
        cost.insert(u"note"_s, m_feeNote->text().trimmed());
    o.insert(u"cost"_s, cost);
    Professional::fromJson(o, problems);
    return o;
}

bool MyListingPage::validate()
{
    ValidationProblems problems;
    currentListing(problems);
    QStringList needs, languages, places, availability, fees, other;
    for (const ValidationProblem& p : problems.list()) {
        const int row = rowOf(p.path);
        const QString line = row >= 0 ? tr("Row %1: %2").arg(row + 1).arg(p.message) : p.message;
        if (p.path.startsWith("services"_L1))
            needs.append(line);
        else if (p.path.startsWith("languages"_L1))
            languages.append(line);
        else if (p.path.startsWith("locations"_L1))
            places.append(line);
        else if (p.path.startsWith("capacity"_L1) || p.path.startsWith("opening_hours"_L1))
            availability.append(p.path.endsWith("typical_response_days"_L1) ? tr("Typical days to answer: %1").arg(line)
                                                                            : line);
        else if (p.path.startsWith("cost"_L1))
            fees.append(line);
        else
            other.append(p.path + u": "_s + p.message);
    }
    showProblems(m_needsError, needs);
    showProblems(m_languagesError, languages);
    showProblems(m_placesError, places);
    showProblems(m_availabilityError, availability);
    showProblems(m_feesError, fees);
    if (!other.isEmpty())
        m_message->setText(tr("Your listing has problems outside these fields: %1").arg(other.join(u"; "_s)));
    return problems.isEmpty();
}

void MyListingPage::submit()
{
    if (m_base.isEmpty() || !m_controller)
        return;
    if (!validate()) {
        m_message->setText(tr("Not sent: correct what is marked beside the fields first."));
        return;
    }
    ValidationProblems problems;
    const QJsonObject listing = currentListing(problems);
    if (!m_controller->submitListing(listing)) {
        m_message->setText(m_controller->isRunning() ? tr("Not sent: a sync is running; try again when it ends.")
                                                     : tr("Not sent: set up sync (Sync) first."));
        return;
    }
    setBusy(true);
    m_message->setText(tr("Sending your listing for review…"));
}

void MyListingPage::check()
{
    if (!m_controller)
        return;
    if (!m_controller->checkListing()) {
        m_message->setText(m_controller->isRunning() ? tr("A sync is running; try again when it ends.")
                                                     : tr("Set up sync (Sync) first."));
        return;
    }
    setBusy(true);
    m_message->setText(tr("Asking the server…"));
}

void MyListingPage::showResult(const ListingResult& result)
{
    if (!result.ok) {
        QString text = result.kind == ListingErrand::Kind::Submit ? tr("Not sent: %1").arg(result.message)
                                                                  : tr("Not checked: %1").arg(result.message);
        if (!result.problems.isEmpty())
            text += u"\n"_s + result.problems.join(u'\n');
        m_message->setText(text);
        return;
    }
    m_message->setText(result.kind == ListingErrand::Kind::Submit
                           ? tr("Sent. A directory editor reviews your edit before the directory shows it.")
                           : tr("Checked just now."));
    if (!result.latest) {
        m_review->setText(tr("Review: you have not submitted an edit of your listing."));
        return;
    }
    const ListingReview& r = *result.latest;
    const QLocale locale;
    const QString submitted = locale.toString(r.submittedAt.toLocalTime(), QLocale::ShortFormat);
    const QString reviewed = locale.toString(r.reviewedAt.toLocalTime(), QLocale::ShortFormat);
    if (r.status == "pending"_L1)
        m_review->setText(tr("Review: pending — your edit of %1 waits for a directory editor.").arg(submitted));
    else if (r.status == "approved"_L1)
        m_review->setText(tr("Review: approved on %1 — your edit of %2 is in the directory.").arg(reviewed, submitted));
    else
        m_review->setText(tr("Review: rejected on %1 — your edit of %2 was not accepted. The editor's reason: %3")
                              .arg(reviewed, submitted, r.reviewNote.isEmpty() ? tr("(none given)") : r.reviewNote));
}

void MyListingPage::setBusy(bool busy)
{
    m_submit->setEnabled(!busy && !m_base.isEmpty());
    m_check->setEnabled(!busy && m_controller);
}

} // namespace htmse
