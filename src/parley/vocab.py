"""Namespaces and the terms of the Parley ontology, as pyoxigraph nodes."""

from __future__ import annotations

from pyoxigraph import NamedNode

PARLEY = "https://w3id.org/parley/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
WD = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "owl": OWL,
    "parley": PARLEY,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "void": VOID,
    "wd": WD,
    "xsd": XSD,
}


def _term(namespace: str, name: str) -> NamedNode:
    return NamedNode(namespace + name)


class P:
    """Parley ontology terms."""

    # classes
    Document = _term(PARLEY, "Document")
    Record = _term(PARLEY, "Record")
    Collection = _term(PARLEY, "Collection")
    Meeting = _term(PARLEY, "Meeting")
    Utterance = _term(PARLEY, "Utterance")
    Turn = _term(PARLEY, "Turn")
    ReportedStatement = _term(PARLEY, "ReportedStatement")
    Narration = _term(PARLEY, "Narration")
    Participation = _term(PARLEY, "Participation")
    Person = _term(PARLEY, "Person")
    Place = _term(PARLEY, "Place")
    Organization = _term(PARLEY, "Organization")
    State = _term(PARLEY, "State")
    Treaty = _term(PARLEY, "Treaty")
    Event = _term(PARLEY, "Event")
    Mention = _term(PARLEY, "Mention")
    MentionCount = _term(PARLEY, "MentionCount")
    CoMention = _term(PARLEY, "CoMention")
    Issue = _term(PARLEY, "Issue")
    Claim = _term(PARLEY, "Claim")
    ProposedIssue = _term(PARLEY, "ProposedIssue")
    IssueEvidence = _term(PARLEY, "IssueEvidence")
    ClaimStatus = _term(PARLEY, "ClaimStatus")
    Role = _term(PARLEY, "Role")
    RecordType = _term(PARLEY, "RecordType")
    Stance = _term(PARLEY, "Stance")
    # properties
    recordType = _term(PARLEY, "recordType")
    recordsMeeting = _term(PARLEY, "recordsMeeting")
    reportsOn = _term(PARLEY, "reportsOn")
    recounts = _term(PARLEY, "recounts")
    recountedFrom = _term(PARLEY, "recountedFrom")
    sourceFile = _term(PARLEY, "sourceFile")
    sourceAddress = _term(PARLEY, "sourceAddress")
    recordId = _term(PARLEY, "recordId")
    archive = _term(PARLEY, "archive")
    archivalCollection = _term(PARLEY, "archivalCollection")
    box = _term(PARLEY, "box")
    folder = _term(PARLEY, "folder")
    citation = _term(PARLEY, "citation")
    author = _term(PARLEY, "author")
    inCollection = _term(PARLEY, "inCollection")
    entryPosition = _term(PARLEY, "entryPosition")
    transcript = _term(PARLEY, "transcript")
    place = _term(PARLEY, "place")
    duration = _term(PARLEY, "duration")
    participation = _term(PARLEY, "participation")
    participant = _term(PARLEY, "participant")
    role = _term(PARLEY, "role")
    nameAsWritten = _term(PARLEY, "nameAsWritten")
    titleAsWritten = _term(PARLEY, "titleAsWritten")
    titleBeginIndex = _term(PARLEY, "titleBeginIndex")
    titleEndIndex = _term(PARLEY, "titleEndIndex")
    affiliationAsWritten = _term(PARLEY, "affiliationAsWritten")
    sideAsWritten = _term(PARLEY, "sideAsWritten")
    lastDate = _term(PARLEY, "lastDate")
    inMeeting = _term(PARLEY, "inMeeting")
    inDocument = _term(PARLEY, "inDocument")
    position = _term(PARLEY, "position")
    speaker = _term(PARLEY, "speaker")
    speakerLabel = _term(PARLEY, "speakerLabel")
    text = _term(PARLEY, "text")
    beginIndex = _term(PARLEY, "beginIndex")
    endIndex = _term(PARLEY, "endIndex")
    line = _term(PARLEY, "line")
    speaksFor = _term(PARLEY, "speaksFor")
    memberOf = _term(PARLEY, "memberOf")
    publisherIdentifier = _term(PARLEY, "publisherIdentifier")
    mentions = _term(PARLEY, "mentions")
    mentionOf = _term(PARLEY, "mentionOf")
    countOf = _term(PARLEY, "countOf")
    countedIn = _term(PARLEY, "countedIn")
    firstMention = _term(PARLEY, "firstMention")
    count = _term(PARLEY, "count")
    inText = _term(PARLEY, "inText")
    surfaceForm = _term(PARLEY, "surfaceForm")
    onIssue = _term(PARLEY, "onIssue")
    claimant = _term(PARLEY, "claimant")
    onBehalfOf = _term(PARLEY, "onBehalfOf")
    stance = _term(PARLEY, "stance")
    evidence = _term(PARLEY, "evidence")
    quote = _term(PARLEY, "quote")
    method = _term(PARLEY, "method")
    confidence = _term(PARLEY, "confidence")
    status = _term(PARLEY, "status")
    review = _term(PARLEY, "review")
    reviewedBy = _term(PARLEY, "reviewedBy")
    reviewedOn = _term(PARLEY, "reviewedOn")
    proposedIn = _term(PARLEY, "proposedIn")
    evidenceOf = _term(PARLEY, "evidenceOf")
    concerns = _term(PARLEY, "concerns")


class S:
    """Standard vocabulary terms used by Parley."""

    type = _term(RDF, "type")
    label = _term(RDFS, "label")
    comment = _term(RDFS, "comment")
    sameAs = _term(OWL, "sameAs")
    altLabel = _term(SKOS, "altLabel")
    prefLabel = _term(SKOS, "prefLabel")
    title = _term(DCTERMS, "title")
    date = _term(DCTERMS, "date")
    issued = _term(DCTERMS, "issued")
    abstract = _term(DCTERMS, "abstract")
    description = _term(DCTERMS, "description")
    language = _term(DCTERMS, "language")
    isPartOf = _term(DCTERMS, "isPartOf")
    hasPart = _term(DCTERMS, "hasPart")
    rights = _term(DCTERMS, "rights")
    publisher = _term(DCTERMS, "publisher")
    contributor = _term(DCTERMS, "contributor")
    identifier = _term(DCTERMS, "identifier")
    bibliographicCitation = _term(DCTERMS, "bibliographicCitation")
    wasDerivedFrom = _term(PROV, "wasDerivedFrom")
    startDate = _term(SCHEMA, "startDate")
    endDate = _term(SCHEMA, "endDate")


CONCEPTS = "https://w3id.org/parley/"
ROLE = CONCEPTS + "role/"
STANCE = CONCEPTS + "stance/"
CLAIM_STATUS = CONCEPTS + "claim-status/"
RECORD_TYPE = CONCEPTS + "record-type/"
