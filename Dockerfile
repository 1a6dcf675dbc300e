# The Careergraph API image (used by docker-compose.yml with Neo4j and Redis).
FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 CAREERGRAPH_DATA_DIR=/data CAREERGRAPH_HOST=0.0.0.0
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY engine engine
COPY graph_schema graph_schema
COPY onet_loader onet_loader
COPY conversation conversation
COPY api api
COPY prompts prompts
RUN pip install . && useradd --create-home careergraph && mkdir -p /data \
    && chown careergraph /data
USER careergraph
EXPOSE 8000
CMD ["careergraph", "serve"]
