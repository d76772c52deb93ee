"""Echo API used by the live FastAPI round-trip tests.

Every operation echoes what it received, so a generated client can be checked
for exact round trips.  The app is written the way FastAPI's own tutorials
write apps (Pydantic v2 models, ``Annotated`` parameters, ``Depends`` for
security, ``HTTPException``, ``response_model``, ``status_code``), so the
OpenAPI document it serves is what a real FastAPI service serves.

Fixed credentials: bearer token ``test-token``, API key ``test-key``
(header ``X-API-Key``).
"""

import hashlib
import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal, Union

from fastapi import (
    Cookie,
    Depends,
    FastAPI,
    File,
    Form,
    Header,
    HTTPException,
    Path,
    Query,
    Response,
    UploadFile,
    status,
)
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

VALID_TOKEN = "test-token"
VALID_API_KEY = "test-key"
RESERVED_NAME = "taken"

app = FastAPI(
    title="FastAPI Echo",
    version="1.0.0",
    description="Echo service for generated-client round-trip tests.",
    openapi_tags=[
        {"name": "params", "description": "Path, query, header and cookie parameters."},
        {"name": "bodies", "description": "JSON request bodies echoed back."},
        {"name": "forms", "description": "Form bodies, uploads, downloads and text."},
        {"name": "things", "description": "A small CRUD resource with declared errors."},
        {"name": "security", "description": "Bearer and API-key protected operations."},
    ],
)


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------


class Color(str, Enum):
    """A primary colour."""

    red = "red"
    green = "green"
    blue = "blue"


class Address(BaseModel):
    """A postal address (nested model)."""

    street: str
    city: str
    zip: str | None = Field(default=None, description="Optional, nullable postcode.")


class Cat(BaseModel):
    """A cat; `kind` is always `cat`."""

    kind: Literal["cat"]
    name: str
    lives: int = Field(ge=0, le=9)


class Dog(BaseModel):
    """A dog; `kind` is always `dog`."""

    kind: Literal["dog"]
    name: str
    good_boy: bool


Pet = Annotated[Union[Cat, Dog], Field(discriminator="kind")]


class KitchenSink(BaseModel):
    """One of everything a JSON body can carry."""

    id: uuid.UUID
    name: str = Field(description="Any UTF-8 string.", examples=["Zoë"])
    count: int
    big: int = Field(description="May exceed 2^53, e.g. 9007199254740993.")
    ratio: float
    price: Decimal = Field(description="Exact decimal; echoed as a string.")
    active: bool
    color: Color
    tags: list[str]
    scores: dict[str, int]
    location: tuple[float, float] = Field(description="(latitude, longitude)")
    born_on: date
    created_at: datetime = Field(description="Datetime with a UTC offset.")
    local_time: datetime = Field(description="Naive datetime (no offset).")
    address: Address
    previous_addresses: list[Address] = []
    nullable_count: int | None = Field(description="Required but nullable.")
    nickname: str | None = Field(default=None, description="Optional and nullable.")
    retries: int = Field(default=3, description="Optional with a default.")
    favorite_pet: Pet | None = None


class QueryEcho(BaseModel):
    """Every query parameter of `echo_query`, as parsed by the server."""

    int_value: int
    float_value: float
    bool_value: bool
    str_value: str
    date_value: date
    datetime_value: datetime
    uuid_value: uuid.UUID
    decimal_value: Decimal
    color: Color
    tags: list[str]
    ids: list[int]
    page_size: int
    limit: int | None
    search: str | None
    mode: str


class PathEcho(BaseModel):
    """The path parameters of `echo_path`."""

    item_id: int
    slug: str
    item_uuid: uuid.UUID
    color: Color


class HeaderEcho(BaseModel):
    """The header parameters of `echo_headers`."""

    x_request_id: str
    x_count: int | None
    x_debug: bool
    x_tags: list[str]


class CookieEcho(BaseModel):
    """The cookie parameters of `echo_cookies`."""

    session_id: str
    theme: str | None
    visits: int | None


class WidgetPatch(BaseModel):
    """A partial update: every field may be omitted; `note` may be null to clear it."""

    name: str | None = None
    note: str | None = Field(default=None, description="Send null to clear, omit to keep.")
    size: int | None = None


class WidgetPatchEcho(BaseModel):
    """What the PATCH received: which fields were present, and their values."""

    widget_id: int
    set_fields: list[str] = Field(description="Names of the fields present in the body, sorted.")
    applied: WidgetPatch = Field(description="Only the fields that were present (null kept).")


class SignupEcho(BaseModel):
    """The fields of the urlencoded signup form."""

    username: str
    password: str
    age: int
    newsletter: bool
    interests: list[str]


class UploadEcho(BaseModel):
    """What the multipart upload received."""

    filename: str | None
    content_type: str | None
    size: int
    sha256: str
    description: str
    overwrite: bool


class FileEcho(BaseModel):
    """One file of a multi-file upload as received."""

    filename: str | None
    content_type: str | None
    size: int
    sha256: str


class UploadsEcho(BaseModel):
    """What the multi-file upload received, files in the order sent."""

    files: list[FileEcho]
    labels: list[str]


class ThingCreate(BaseModel):
    """Fields to create or replace a thing. Unknown fields are rejected."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=50)
    description: str | None = None
    tags: list[str] = []


class Thing(BaseModel):
    """A stored thing."""

    id: int
    name: str
    description: str | None = None
    tags: list[str] = []


class NotFound(BaseModel):
    """Body of a 404."""

    message: str
    resource: str
    id: int


class AuthError(BaseModel):
    """Body of a 401 (FastAPI's HTTPException shape)."""

    detail: str


class BearerIdentity(BaseModel):
    """Who the bearer token identifies."""

    scheme: str
    token: str


class ApiKeyIdentity(BaseModel):
    """Which API key was presented."""

    api_key: str


class Pong(BaseModel):
    """Reply of the deprecated ping."""

    pong: bool


# ---------------------------------------------------------------------------
# Security
# ---------------------------------------------------------------------------

bearer_scheme = HTTPBearer(description="Use the token `test-token`.")
api_key_scheme = APIKeyHeader(name="X-API-Key", description="Use the key `test-key`.")


def require_token(
    credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer_scheme)],
) -> HTTPAuthorizationCredentials:
    """Accept only `Bearer test-token`; 401 otherwise (missing header: 401 from HTTPBearer)."""
    if credentials.credentials != VALID_TOKEN:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="invalid token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return credentials


def require_api_key(api_key: Annotated[str, Depends(api_key_scheme)]) -> str:
    """Accept only `X-API-Key: test-key`; 403 for a wrong key (missing header: 401)."""
    if api_key != VALID_API_KEY:
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="invalid API key")
    return api_key


BearerAuth = Annotated[HTTPAuthorizationCredentials, Depends(require_token)]
ApiKeyAuth = Annotated[str, Depends(require_api_key)]
AUTH_RESPONSES = {401: {"model": AuthError, "description": "Missing or wrong bearer token"}}
NOT_FOUND_RESPONSES = {404: {"model": NotFound, "description": "No such thing"}}

# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------


@app.get(
    "/params/path/{item_id}/{slug}/{item_uuid}/{color}",
    operation_id="echo_path",
    tags=["params"],
    response_model=PathEcho,
)
async def echo_path(
    item_id: Annotated[int, Path(description="An integer id (may exceed 2^53).")],
    slug: Annotated[str, Path(description="Free text; percent-encoded on the wire.")],
    item_uuid: uuid.UUID,
    color: Color,
) -> PathEcho:
    """Echo path parameters of four types: integer, string, UUID and enum."""
    return PathEcho(item_id=item_id, slug=slug, item_uuid=item_uuid, color=color)


@app.get("/params/query", operation_id="echo_query", tags=["params"], response_model=QueryEcho)
async def echo_query(
    int_value: int,
    float_value: float,
    bool_value: bool,
    str_value: str,
    date_value: date,
    datetime_value: datetime,
    uuid_value: uuid.UUID,
    decimal_value: Decimal,
    color: Color,
    tags: Annotated[list[str], Query(description="Repeated: `?tags=a&tags=b`.")],
    ids: Annotated[list[int], Query(description="Repeated: `?ids=1&ids=2`.")] = [],
    page_size: Annotated[int, Query(alias="page-size", ge=1, le=100)] = 10,
    limit: int | None = None,
    search: Annotated[str | None, Query(max_length=50)] = None,
    mode: str = "fast",
) -> QueryEcho:
    """Echo query parameters of every scalar type, two arrays, an aliased one and optional ones."""
    return QueryEcho(
        int_value=int_value,
        float_value=float_value,
        bool_value=bool_value,
        str_value=str_value,
        date_value=date_value,
        datetime_value=datetime_value,
        uuid_value=uuid_value,
        decimal_value=decimal_value,
        color=color,
        tags=tags,
        ids=ids,
        page_size=page_size,
        limit=limit,
        search=search,
        mode=mode,
    )


@app.get("/params/headers", operation_id="echo_headers", tags=["params"], response_model=HeaderEcho)
async def echo_headers(
    x_request_id: Annotated[str, Header(description="Sent as `x-request-id`.")],
    x_count: Annotated[int | None, Header()] = None,
    x_debug: Annotated[bool, Header()] = False,
    x_tags: Annotated[list[str], Header(description="One item per `x-tags` header line.")] = [],
) -> HeaderEcho:
    """Echo header parameters: a required string, an optional nullable integer, a boolean, a list."""
    return HeaderEcho(x_request_id=x_request_id, x_count=x_count, x_debug=x_debug, x_tags=x_tags)


@app.get("/params/cookies", operation_id="echo_cookies", tags=["params"], response_model=CookieEcho)
async def echo_cookies(
    session_id: Annotated[str, Cookie()],
    theme: Annotated[str | None, Cookie()] = None,
    visits: Annotated[int | None, Cookie()] = None,
) -> CookieEcho:
    """Echo cookie parameters: a required one and two optional ones."""
    return CookieEcho(session_id=session_id, theme=theme, visits=visits)


# ---------------------------------------------------------------------------
# JSON bodies
# ---------------------------------------------------------------------------


@app.post(
    "/bodies/kitchen-sink",
    operation_id="echo_kitchen_sink",
    tags=["bodies"],
    response_model=KitchenSink,
)
async def echo_kitchen_sink(body: KitchenSink) -> KitchenSink:
    """Echo a body with nested models, maps, tuples, big integers, dates, decimals and unions."""
    # `local_time` goes back naive, as an app storing naive datetimes sends it: no offset.
    return body.model_copy(update={"local_time": body.local_time.replace(tzinfo=None)})


@app.post("/bodies/pet", operation_id="echo_pet", tags=["bodies"], response_model=Union[Cat, Dog])
async def echo_pet(pet: Cat | Dog) -> Cat | Dog:
    """Echo a pet given as a plain (non-discriminated) union."""
    return pet


@app.post(
    "/bodies/pet-discriminated",
    operation_id="echo_pet_discriminated",
    tags=["bodies"],
    response_model=Pet,
)
async def echo_pet_discriminated(pet: Pet) -> Cat | Dog:
    """Echo a pet given as a union discriminated by `kind`."""
    return pet


@app.post(
    "/bodies/map",
    operation_id="echo_int_map",
    tags=["bodies"],
    response_model=dict[str, int],
)
async def echo_int_map(counts: dict[str, int]) -> dict[str, int]:
    """Echo a top-level map of string to integer."""
    return counts


@app.post(
    "/bodies/list",
    operation_id="echo_address_list",
    tags=["bodies"],
    response_model=list[Address],
)
async def echo_address_list(addresses: list[Address]) -> list[Address]:
    """Echo a top-level array of objects."""
    return addresses


@app.patch(
    "/widgets/{widget_id}",
    operation_id="patch_widget",
    tags=["bodies"],
    response_model=WidgetPatchEcho,
    response_model_exclude_unset=True,
)
async def patch_widget(widget_id: int, patch: WidgetPatch) -> WidgetPatchEcho:
    """Partially update a widget.

    Omitted fields are absent from `applied`; fields sent as null are present with null.
    """
    return WidgetPatchEcho(
        widget_id=widget_id,
        set_fields=sorted(patch.model_fields_set),
        applied=patch,
    )


# ---------------------------------------------------------------------------
# Forms, files, binary and text
# ---------------------------------------------------------------------------


@app.post("/forms/signup", operation_id="submit_signup", tags=["forms"], response_model=SignupEcho)
async def submit_signup(
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    age: Annotated[int, Form()],
    newsletter: Annotated[bool, Form()] = False,
    interests: Annotated[list[str], Form()] = [],
) -> SignupEcho:
    """Echo an `application/x-www-form-urlencoded` body (`interests` is a repeated key)."""
    return SignupEcho(
        username=username,
        password=password,
        age=age,
        newsletter=newsletter,
        interests=interests,
    )


@app.post("/files/upload", operation_id="upload_file", tags=["forms"], response_model=UploadEcho)
async def upload_file(
    file: Annotated[UploadFile, File(description="Any bytes.")],
    description: Annotated[str, Form()],
    overwrite: Annotated[bool, Form()] = False,
) -> UploadEcho:
    """Receive a `multipart/form-data` upload; echo the file's name, type, size and SHA-256."""
    data = await file.read()
    return UploadEcho(
        filename=file.filename,
        content_type=file.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        description=description,
        overwrite=overwrite,
    )


@app.post("/files/upload-many", operation_id="upload_files", tags=["forms"], response_model=UploadsEcho)
async def upload_files(
    files: Annotated[list[UploadFile], File(description="One part per file, in order.")],
    labels: Annotated[list[str], Form()] = [],
) -> UploadsEcho:
    """Receive several files under one field name, and a repeated text field."""
    echoed = []
    for file in files:
        data = await file.read()
        echoed.append(
            FileEcho(
                filename=file.filename,
                content_type=file.content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    return UploadsEcho(files=echoed, labels=labels)


def pattern_bytes(size: int) -> bytes:
    """The bytes served by `download_file`: byte i is `i % 256`."""
    return bytes(i % 256 for i in range(size))


@app.get(
    "/files/download",
    operation_id="download_file",
    tags=["forms"],
    response_class=Response,
    responses={
        200: {
            "description": "`size` bytes where byte i is `i % 256`.",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def download_file(size: Annotated[int, Query(ge=0, le=1_000_000)] = 256) -> Response:
    """Download a binary blob of `size` bytes."""
    return Response(
        content=pattern_bytes(size),
        media_type="application/octet-stream",
        headers={"Content-Disposition": 'attachment; filename="blob.bin"'},
    )


@app.get(
    "/text/greeting",
    operation_id="get_greeting",
    tags=["forms"],
    response_class=PlainTextResponse,
)
async def get_greeting(name: str = "world") -> str:
    """Return `Hello, {name}!` as `text/plain`."""
    return f"Hello, {name}!"


# ---------------------------------------------------------------------------
# Things: CRUD with declared and undeclared errors
# ---------------------------------------------------------------------------

_things: dict[int, Thing] = {1: Thing(id=1, name="seeded", description="Always present at start.")}
_next_id = 2


def _not_found(thing_id: int) -> JSONResponse:
    body = NotFound(message="thing not found", resource="thing", id=thing_id)
    return JSONResponse(status_code=status.HTTP_404_NOT_FOUND, content=body.model_dump())


@app.get("/things", operation_id="list_things", tags=["things"], response_model=list[Thing])
async def list_things(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
    name_prefix: str | None = None,
) -> list[Thing]:
    """List things in id order."""
    things = [t for _, t in sorted(_things.items())]
    if name_prefix is not None:
        things = [t for t in things if t.name.startswith(name_prefix)]
    return things[offset : offset + limit]


@app.post(
    "/things",
    operation_id="create_thing",
    tags=["things"],
    status_code=status.HTTP_201_CREATED,
    response_model=Thing,
    responses={
        201: {
            "description": "Created",
            "headers": {
                "Location": {
                    "description": "Path of the new thing.",
                    "schema": {"type": "string"},
                }
            },
        }
    },
)
async def create_thing(thing: ThingCreate, response: Response) -> Thing:
    """Create a thing (201 + `Location`).

    The name `taken` is reserved: it yields an undeclared 409 whose body is
    `{"detail": {"message": "name taken", "code": "conflict"}}`.
    """
    global _next_id
    if thing.name == RESERVED_NAME:
        raise HTTPException(
            status_code=status.HTTP_409_CONFLICT,
            detail={"message": "name taken", "code": "conflict"},
        )
    new = Thing(id=_next_id, **thing.model_dump())
    _things[new.id] = new
    _next_id += 1
    response.headers["Location"] = f"/things/{new.id}"
    return new


@app.get(
    "/things/{thing_id}",
    operation_id="get_thing",
    tags=["things"],
    response_model=Thing,
    responses=NOT_FOUND_RESPONSES,
)
async def get_thing(thing_id: int) -> Thing | JSONResponse:
    """Fetch one thing; a declared 404 (`NotFound`) if it does not exist. Thing 1 always exists."""
    thing = _things.get(thing_id)
    if thing is None:
        return _not_found(thing_id)
    return thing


@app.put(
    "/things/{thing_id}",
    operation_id="replace_thing",
    tags=["things", "security"],
    response_model=Thing,
    responses={**AUTH_RESPONSES, **NOT_FOUND_RESPONSES},
)
async def replace_thing(
    thing_id: int,
    thing: ThingCreate,
    credentials: BearerAuth,
) -> Thing | JSONResponse:
    """Replace a thing (bearer token required)."""
    if thing_id not in _things:
        return _not_found(thing_id)
    replaced = Thing(id=thing_id, **thing.model_dump())
    _things[thing_id] = replaced
    return replaced


@app.delete(
    "/things/{thing_id}",
    operation_id="delete_thing",
    tags=["things", "security"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=NOT_FOUND_RESPONSES,
)
async def delete_thing(thing_id: int, api_key: ApiKeyAuth) -> Response:
    """Delete a thing (API key required); 204 with no body."""
    if _things.pop(thing_id, None) is None:
        return _not_found(thing_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------
# Security
# ---------------------------------------------------------------------------


@app.get(
    "/secure/bearer",
    operation_id="whoami_bearer",
    tags=["security"],
    response_model=BearerIdentity,
    responses=AUTH_RESPONSES,
)
async def whoami_bearer(credentials: BearerAuth) -> BearerIdentity:
    """Echo the bearer credentials (only `test-token` is accepted)."""
    return BearerIdentity(scheme=credentials.scheme, token=credentials.credentials)


@app.get(
    "/secure/api-key",
    operation_id="whoami_api_key",
    tags=["security"],
    response_model=ApiKeyIdentity,
)
async def whoami_api_key(api_key: ApiKeyAuth) -> ApiKeyIdentity:
    """Echo the API key (only `test-key` is accepted; 401/403 are not declared)."""
    return ApiKeyIdentity(api_key=api_key)


@app.get(
    "/legacy/ping",
    operation_id="legacy_ping",
    tags=["params"],
    response_model=Pong,
    deprecated=True,
)
async def legacy_ping() -> Pong:
    """Deprecated liveness check."""
    return Pong(pong=True)
