#include "domain/IndexRecord.h"

#include "domain/Vocabulary.h"
#include "taxonomy/NeedsTaxonomy.h"
#include "taxonomy/TextFolding.h"

#include <QDataStream>
#include <QHash>
#include <QIODevice>
#include <QtEndian>

namespace htmse {

using namespace Qt::StringLiterals;

IndexRecord IndexRecord::from(const Professional& p)
{
    IndexRecord r;
    r.id = p.id;
    r.name = p.displayName;
    r.organisationId = p.organisationId;
    r.services = p.services;
    for (const LanguageSkill& l : p.languages) {
        r.languages.append(l.code);
        r.lowProficiency.append(char(l.proficiency == "working"_L1 || l.proficiency == "basic"_L1 ? 1 : 0));
    }
    for (const ServiceLocation& l : p.locations)
        if (l.point) {
            r.coordinates.append(float(l.point->latitude()));
            r.coordinates.append(float(l.point->longitude()));
        }
    r.active = p.active;
    r.accepting = p.capacity.acceptingReferrals;
    r.remote = p.remoteService;
    r.interpreter = p.interpreterAvailable;
    r.free = p.cost.free;
    r.legalAid = p.cost.legalAid;
    r.proBono = p.cost.proBono;
    r.responseDays = p.capacity.typicalResponseDays ? qint16(*p.capacity.typicalResponseDays) : qint16(-1);
    r.gender = p.gender;
    r.verification = p.verification.status;
    r.verifiedOn = p.verification.verifiedAt.date();
    if (p.expertWitness) {
        r.expert = true;
        r.disciplines = p.expertWitness->disciplines;
        r.reportTypes = p.expertWitness->reportTypes;
        r.jurisdictions = p.expertWitness->jurisdictions;
        r.courtAppearances = p.expertWitness->courtAppearances;
        r.acceptingInstructions = p.expertWitness->acceptingInstructions;
    }
    // Search words with the best field each appears in.
    QHash<QString, quint8> best;
    QStringList order;
    const auto add = [&](const QString& text, quint8 weight) {
        for (const QString& w : searchWords(text)) {
            auto it = best.find(w);
            if (it == best.end()) {
                best.insert(w, weight);
                order.append(w);
            } else if (*it < weight) {
                *it = weight;
            }
        }
    };
    add(p.displayName, 3);
    add(p.title, 2);
    for (const QString& k : p.keywords)
        add(k, 2);
    for (const QString& s : p.services)
        add(NeedsTaxonomy::instance().label(s), 2);
    for (const QString& t : p.professionalTypes)
        add(vocabularyLabel(Vocabulary::ProfessionalType, t), 2);
    for (const ServiceLocation& l : p.locations)
        add(l.city, 2);
    add(p.biography, 1);
    for (const QString& w : std::as_const(order)) {
        r.words.append(w);
        r.wordWeights.append(char(best.value(w)));
    }
    return r;
}

QByteArray IndexRecord::serialize(WordDictionary& dictionary) const
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_6_4);
    s << kFormat << id << name << organisationId << services << languages << lowProficiency << coordinates << active
      << accepting << remote << interpreter << free << legalAid << proBono << responseDays << gender << verification
      << verifiedOn << expert << disciplines << reportTypes << jurisdictions << courtAppearances
      << acceptingInstructions << wordWeights;
    std::vector<quint32> ids;
    ids.reserve(size_t(words.size()));
    for (const QString& w : words)
        ids.push_back(qToLittleEndian(dictionary.idOf(w)));
    s << quint32(ids.size());
    s.writeRawData(reinterpret_cast<const char*>(ids.data()), int(ids.size() * sizeof(quint32)));
    return out;
}

std::optional<IndexRecord> IndexRecord::deserialize(const QByteArray& bytes, const WordDictionary& dictionary,
                                                    Words words)
{
    QDataStream s(bytes);
    s.setVersion(QDataStream::Qt_6_4);
    quint8 format = 0;
    s >> format;
    if (format != kFormat)
        return std::nullopt;
    IndexRecord r;
    s >> r.id >> r.name >> r.organisationId >> r.services >> r.languages >> r.lowProficiency >> r.coordinates >>
        r.active >> r.accepting >> r.remote >> r.interpreter >> r.free >> r.legalAid >> r.proBono >> r.responseDays >>
        r.gender >> r.verification >> r.verifiedOn >> r.expert >> r.disciplines >> r.reportTypes >> r.jurisdictions >>
        r.courtAppearances >> r.acceptingInstructions >> r.wordWeights;
    quint32 count = 0;
    s >> count;
    if (s.status() != QDataStream::Ok || count != quint32(r.wordWeights.size()) ||
        r.lowProficiency.size() != r.languages.size() || r.coordinates.size() % 2 != 0)
        return std::nullopt;
    r.wordIds.resize(count);
    if (s.readRawData(reinterpret_cast<char*>(r.wordIds.data()), int(count * sizeof(quint32))) !=
            int(count * sizeof(quint32)) ||
        !s.atEnd())
        return std::nullopt;
    for (quint32& id : r.wordIds) {
        id = qFromLittleEndian(id);
        if (!dictionary.contains(id))
            return std::nullopt;
    }
    if (words == Words::Text) {
        for (const quint32 id : r.wordIds)
            r.words.append(dictionary.word(id));
        r.wordIds.clear();
    }
    return r;
}

} // namespace htmse
